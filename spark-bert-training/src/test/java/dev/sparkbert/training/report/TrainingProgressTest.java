package dev.sparkbert.training.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class TrainingProgressTest {

    /** Two fits at once (a parallel TrainValidationSplit): each estimator's buffer gets its own lines. */
    @Test
    void anEstimatorsBufferGetsItsFitsLinesOnlyAndListenersGetAll() throws Exception {
        Object first = new Object();
        Object second = new Object();
        List<String> all = new CopyOnWriteArrayList<>();
        Consumer<String> listener = all::add;
        TrainingProgress.addListener(listener);
        try (TrainingProgress.Buffer a = TrainingProgress.buffer(first);
                TrainingProgress.Buffer b = TrainingProgress.buffer(second)) {
            Consumer<String> fitA = TrainingProgress.forFit(first);
            Consumer<String> fitB = TrainingProgress.forFit(second);
            fitA.accept("step 1/2 a");
            fitB.accept("step 1/3 b");
            fitA.accept("step 2/2 a");
            assertArrayEquals(new String[] {"step 1/2 a", "step 2/2 a"}, a.poll(0));
            assertArrayEquals(new String[] {"step 1/3 b"}, b.poll(0));
            assertArrayEquals(new String[0], a.poll(0));
            assertEquals(List.of("step 1/2 a", "step 1/3 b", "step 2/2 a"), all);
        } finally {
            TrainingProgress.removeListener(listener);
        }
    }

    @Test
    void aBufferOpenedAfterTheFitStartedOrClosedGetsNothing() throws Exception {
        Object estimator = new Object();
        TrainingProgress.Buffer closed = TrainingProgress.buffer(estimator);
        closed.close();
        Consumer<String> fit = TrainingProgress.forFit(estimator);
        try (TrainingProgress.Buffer late = TrainingProgress.buffer(estimator)) {
            fit.accept("step 1/1");
            assertArrayEquals(new String[0], late.poll(0));
            assertArrayEquals(new String[0], closed.poll(0));
            TrainingProgress.forFit(estimator).accept("step 1/1 of the next fit");
            assertArrayEquals(new String[] {"step 1/1 of the next fit"}, late.poll(0));
        }
    }
}
