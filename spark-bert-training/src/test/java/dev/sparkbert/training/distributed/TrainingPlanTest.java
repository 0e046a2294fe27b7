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
        return new TrainingPlan(null, null, new TrainingPlan.Batching(workers, globalBatch, 1, 1000), null, null, null,
                null, null);
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
