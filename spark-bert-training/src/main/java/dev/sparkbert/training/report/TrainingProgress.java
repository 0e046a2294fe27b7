package dev.sparkbert.training.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Live progress of a fit on the driver: the lines rank 0 reports while it trains (step/total,
 * epoch, loss, learning rate, samples/s, ETA; validation results), as they arrive. Every line is
 * logged on the driver (logger {@code dev.sparkbert.training}, INFO) and handed to the listeners
 * added here (the command line draws a progress bar; a notebook can print them with {@link
 * #toConsole()}), and to the buffers of the estimator that fits (the Python wrappers poll a {@link
 * #buffer(Object)} and print its lines in the cell: several fits at once, as a parallel
 * TrainValidationSplit runs them, each print their own).
 */
public final class TrainingProgress {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.sparkbert.training");
    private static final List<Consumer<String>> LISTENERS = new CopyOnWriteArrayList<>();
    private static final Consumer<String> CONSOLE = line -> System.out.println("spark-bert " + line);
    /** Buffers by the estimator object whose fits they receive (identity: copies fit apart). */
    private static final Map<Object, List<Consumer<String>>> OF_ESTIMATOR =
            Collections.synchronizedMap(new IdentityHashMap<>());

    private TrainingProgress() {}

    public static void addListener(Consumer<String> listener) {
        LISTENERS.add(listener);
    }

    public static void removeListener(Consumer<String> listener) {
        LISTENERS.remove(listener);
    }

    /** Prints every progress line to standard output (a notebook cell's output), once however often called. */
    public static void toConsole() {
        if (!LISTENERS.contains(CONSOLE)) {
            LISTENERS.add(CONSOLE);
        }
    }

    /**
     * A buffer of the lines of the fits {@code estimator} (that object, not its copies) starts from
     * now on, kept until polled; {@link Buffer#close()} removes it.
     */
    public static Buffer buffer(Object estimator) {
        Buffer buffer = new Buffer(estimator);
        OF_ESTIMATOR.computeIfAbsent(estimator, e -> new CopyOnWriteArrayList<>()).add(buffer);
        return buffer;
    }

    /**
     * Where the lines of a fit of {@code estimator} starting now go: the driver's log, every
     * listener, and the buffers of that estimator open now.
     */
    public static Consumer<String> forFit(Object estimator) {
        List<Consumer<String>> own;
        synchronized (OF_ESTIMATOR) {
            own = List.copyOf(OF_ESTIMATOR.getOrDefault(estimator, List.of()));
        }
        return line -> {
            LOG.info(line);
            for (Consumer<String> l : LISTENERS) {
                l.accept(line);
            }
            for (Consumer<String> l : own) {
                l.accept(line);
            }
        };
    }

    /** The lines of an estimator's fits, for a caller that polls from another thread (or process). */
    public static final class Buffer implements Consumer<String>, AutoCloseable {
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Object estimator;

        private Buffer(Object estimator) {
            this.estimator = estimator;
        }

        @Override
        public void accept(String line) {
            lines.add(line);
        }

        /** The lines not polled yet, in their order; waits up to {@code timeoutMillis} (ms) for the first. */
        public String[] poll(long timeoutMillis) throws InterruptedException {
            List<String> out = new ArrayList<>();
            String first = lines.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            if (first != null) {
                out.add(first);
                lines.drainTo(out);
            }
            return out.toArray(new String[0]);
        }

        @Override
        public void close() {
            synchronized (OF_ESTIMATOR) {
                List<Consumer<String>> buffers = OF_ESTIMATOR.get(estimator);
                if (buffers != null && buffers.remove(this) && buffers.isEmpty()) {
                    OF_ESTIMATOR.remove(estimator);
                }
            }
        }
    }
}
