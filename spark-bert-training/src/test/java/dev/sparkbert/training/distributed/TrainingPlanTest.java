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

    /** MiniLM's fp32 pass overhead ({@code TrainingPasses.overheadTokens}). */
    private static final int OVERHEAD = 59;

    private static TrainingPlan plan(int workers, int globalBatch, long examples, int steps) {
        return new TrainingPlan(null, new TrainingPlan.Start("{}", "embedded", 42, 0),
                new TrainingPlan.Batching(workers, globalBatch, 1, examples, OVERHEAD), null,
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
    void eachStepIsDealtInConsecutiveRunsByLength() {
        // indices 10..15 with tokens 5, 60, 7, 60, 30, 1: longest first (ties by index); the two of 60
        // as one pass cost 59 + 2 x 60 = 179, the other four 59 + 4 x 30 = 179.
        List<long[]> step = List.of(new long[] {10, 5}, new long[] {11, 60}, new long[] {12, 7}, new long[] {13, 60},
                new long[] {14, 30}, new long[] {15, 1});
        Map<Long, Integer> w = plan(2, 6).deal(step);
        assertEquals(Map.of(11L, 0, 13L, 0, 14L, 1, 12L, 1, 10L, 1, 15L, 1), w);
    }

    @Test
    void theCostliestWorkerCostsNoMoreThanUnderAnyOtherConsecutiveDeal() {
        Random random = new Random(5);
        List<long[]> step = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            step.add(new long[] {i, 3 + random.nextInt(60)});
        }
        Map<Long, Integer> w = plan(3, 32).deal(step);
        assertEquals(32, w.size());
        long[] count = new long[3];
        long[] longest = new long[3];
        for (long[] e : step) {
            int k = w.get(e[0]);
            count[k]++;
            longest[k] = Math.max(longest[k], e[1]);
        }
        long dealt = 0;
        for (int k = 0; k < 3; k++) {
            dealt = Math.max(dealt, OVERHEAD + count[k] * longest[k]);
        }
        long[] sorted = step.stream().mapToLong(e -> e[1]).boxed().sorted(java.util.Comparator.reverseOrder())
                .mapToLong(Long::longValue).toArray();
        long best = Long.MAX_VALUE;
        for (int a = 1; a < 32; a++) {
            for (int b = a + 1; b < 32; b++) {
                long worst = Math.max(OVERHEAD + a * sorted[0], Math.max(OVERHEAD + (b - a) * sorted[a],
                        OVERHEAD + (32 - b) * sorted[b]));
                best = Math.min(best, worst);
            }
        }
        assertEquals(best, dealt);
        assertTrue(longest[0] >= longest[1] && longest[1] >= longest[2], "runs in length order");
    }
}
