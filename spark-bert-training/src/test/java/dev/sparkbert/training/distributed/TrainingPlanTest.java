package dev.sparkbert.training.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainingPlanTest {

    private static TrainingPlan plan(int workers, int globalBatch) {
        return plan(workers, globalBatch, 1000, 1);
    }

    private static TrainingPlan plan(int workers, int globalBatch, long examples, int steps) {
        return new TrainingPlan(null, new TrainingPlan.Start("{}", "embedded", 42, 0),
                new TrainingPlan.Batching(workers, globalBatch, 1, examples), null,
                new TrainingPlan.Schedule("linear", steps, 0), null, null, null, null);
    }

    @Test
    void eachEpochIsASeededPermutationAndTheFirstKeepsTheOrder() {
        for (long n : new long[] {1, 2, 3, 17, 64, 1000, 4097}) {
            EpochOrder order = new EpochOrder(n, 42);
            List<long[]> epochs = new ArrayList<>();
            for (int e = 0; e < 4; e++) {
                long[] pos = new long[(int) n];
                java.util.BitSet seen = new java.util.BitSet();
                for (long i = 0; i < n; i++) {
                    pos[(int) i] = order.positionOf(i, e);
                    assertTrue(pos[(int) i] >= 0 && pos[(int) i] < n && !seen.get((int) pos[(int) i]),
                            "n " + n + " epoch " + e + ": position " + pos[(int) i] + " twice or out of range");
                    seen.set((int) pos[(int) i]);
                }
                epochs.add(pos);
            }
            for (long i = 0; i < n; i++) {
                assertEquals(i, epochs.get(0)[(int) i]);
            }
            if (n >= 17) {
                for (int e = 1; e < 4; e++) {
                    assertTrue(!java.util.Arrays.equals(epochs.get(e), epochs.get(e - 1)), "n " + n + " epoch " + e);
                    assertTrue(!java.util.Arrays.equals(epochs.get(e), epochs.get(0)), "n " + n + " epoch " + e);
                }
                assertTrue(!java.util.Arrays.equals(epochs.get(1),
                        java.util.stream.LongStream.range(0, n).map(i -> new EpochOrder(n, 43).positionOf(i, 1)).toArray()),
                        "another seed, another order");
            }
        }
    }

    @Test
    void slotsCoverEveryStepOfEveryEpochOnce() {
        // 10 examples in batches of 4: steps of 4, 4, 2 per epoch; 7 steps reach into epoch 2
        TrainingPlan p = plan(2, 4, 10, 7);
        assertEquals(3, p.epochs());
        assertEquals(30, p.trainingSlots());
        long[] perStep = new long[9];
        for (long i = 0; i < 10; i++) {
            for (int e = 0; e < 3; e++) {
                long slot = p.slotOf(i, e);
                assertTrue(slot >= e * 10L && slot < (e + 1) * 10L);
                long step = p.stepOf(slot);
                long[] range = p.slotsOf(step);
                assertTrue(slot >= range[0] && slot < range[1], "slot " + slot + " in step " + step);
                perStep[(int) step]++;
            }
        }
        assertEquals(List.of(4L, 4L, 2L, 4L, 4L, 2L, 4L, 4L, 2L), java.util.Arrays.stream(perStep).boxed().toList());
        assertEquals(0, p.validationWorkerOf(30));
        assertEquals(1, p.validationWorkerOf(31));
    }

    @Test
    void eachStepIsDealtByLengthInSnakeOrder() {
        // indices 10..15 with tokens 5, 60, 7, 60, 30, 1: longest first (ties by index), snake over 2 workers
        List<long[]> step = List.of(new long[] {10, 5}, new long[] {11, 60}, new long[] {12, 7}, new long[] {13, 60},
                new long[] {14, 30}, new long[] {15, 1});
        Map<Long, Integer> w = plan(2, 6).deal(step);
        assertEquals(Map.of(11L, 0, 13L, 1, 14L, 1, 12L, 0, 10L, 0, 15L, 1), w);
    }

    @Test
    void workersGetEqualCountsAndSimilarTokens() {
        Random random = new Random(5);
        List<long[]> step = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            step.add(new long[] {i, 3 + random.nextInt(60)});
        }
        Map<Long, Integer> w = plan(3, 32).deal(step);
        long[] count = new long[3];
        long[] tokens = new long[3];
        long[] longest = new long[3];
        for (long[] e : step) {
            int k = w.get(e[0]);
            count[k]++;
            tokens[k] += e[1];
            longest[k] = Math.max(longest[k], e[1]);
        }
        for (int k = 0; k < 3; k++) {
            assertTrue(count[k] == 10 || count[k] == 11, "examples per worker " + count[k]);
        }
        long spread = java.util.Arrays.stream(tokens).max().getAsLong() - java.util.Arrays.stream(tokens).min().getAsLong();
        assertTrue(spread <= 62, "token spread " + spread + " at most one example's length");
        assertTrue(java.util.Arrays.stream(longest).max().getAsLong() - java.util.Arrays.stream(longest).min().getAsLong()
                <= 3, "longest per worker " + java.util.Arrays.toString(longest));
    }
}
