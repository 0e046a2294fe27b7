package dev.sparkbert.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.precision.Precision;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainingPassesTest {

    private static BertConfig config(int vocab, int hidden, int layers, int intermediate) {
        return BertConfig.builder().setVocabSize(vocab).setHiddenSize(hidden).setNumHiddenLayers(layers)
                .setNumAttentionHeads(hidden / 64).setIntermediateSize(intermediate).build();
    }

    private static int[] ones(int n) {
        int[] s = new int[n];
        Arrays.fill(s, 1);
        return s;
    }

    /** {@code n} lengths from 2 to 63, longest first. */
    private static int[] descending(Random random, int n) {
        return random.ints(n, 2, 64).boxed().sorted((a, b) -> b - a).mapToInt(Integer::intValue).toArray();
    }

    /** The cost of items [from, to) as one pass; 0 for none. */
    private static long runCost(int[] tokens, int from, int to, int overhead) {
        return from == to ? 0 : overhead + (long) (to - from) * tokens[from];
    }

    private static long cost(int[] lengths, int[] bounds, int overhead) {
        long c = 0;
        for (int p = 0; p + 1 < bounds.length; p++) {
            c += runCost(lengths, bounds[p], bounds[p + 1], overhead);
        }
        return c;
    }

    @Test
    void theOverheadIsTheFittedOneOnMiniLmAndShrinksWithLargerLayers() {
        BertConfig miniLm = config(30522, 384, 6, 1536);
        assertEquals(59, TrainingPasses.overheadTokens(miniLm, Precision.FP32));
        assertEquals(155, TrainingPasses.overheadTokens(miniLm, Precision.BF16));
        int base = TrainingPasses.overheadTokens(config(30522, 768, 12, 3072), Precision.FP32);
        int tiny = TrainingPasses.overheadTokens(config(30522, 128, 2, 512), Precision.FP32);
        assertTrue(base < 59 && tiny > 59, "BERT-base " + base + ", bert-tiny " + tiny);
    }

    @Test
    void aFewLongExamplesGetTheirOwnPass() {
        // 2 of 60 tokens and 14 of 10: one pass pads 16 x 60 = 960 positions; two cost 59 + 120 + 59 + 140.
        int[] lengths = new int[16];
        Arrays.fill(lengths, 10);
        lengths[0] = 60;
        lengths[1] = 60;
        assertArrayEquals(new int[] {0, 2, 16}, TrainingPasses.cut(lengths, ones(16), 59, l -> 1000));
        // A pass that costs more than the padding it saves is not made.
        assertArrayEquals(new int[] {0, 16}, TrainingPasses.cut(lengths, ones(16), 1000, l -> 1000));
    }

    @Test
    void theCutIsTheCheapestOfAllCuts() {
        Random random = new Random(11);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + random.nextInt(12);
            int[] lengths = descending(random, n);
            int overhead = random.nextInt(120);
            int[] bounds = TrainingPasses.cut(lengths, ones(n), overhead, l -> 1000);
            long best = Long.MAX_VALUE;
            for (int mask = 0; mask < 1 << (n - 1); mask++) {
                int[] b = new int[Integer.bitCount(mask) + 2];
                int k = 1;
                for (int i = 1; i < n; i++) {
                    if ((mask >> (i - 1) & 1) == 1) {
                        b[k++] = i;
                    }
                }
                b[k] = n;
                best = Math.min(best, cost(lengths, b, overhead));
            }
            assertEquals(best, cost(lengths, bounds, overhead), "lengths " + Arrays.toString(lengths));
        }
    }

    @Test
    void passesStayWithinTheirSequenceBudgetAndAreNearEqualWhenCostsTie() {
        int[] lengths = new int[19];
        Arrays.fill(lengths, 256);
        int[] bounds = TrainingPasses.cut(lengths, ones(19), 59, l -> 10);
        assertEquals(3, bounds.length);
        assertTrue(bounds[1] == 9 || bounds[1] == 10, Arrays.toString(bounds));
        // Multiple-choice items count their sequences: 4 choices under a budget of 10 -> 2 per pass.
        int[] four = {4, 4, 4, 4};
        assertArrayEquals(new int[] {0, 2, 4}, TrainingPasses.cut(new int[] {64, 64, 64, 64}, four, 59, l -> 10));
        // An item over the budget on its own still gets a pass.
        assertArrayEquals(new int[] {0, 1}, TrainingPasses.cut(new int[] {512}, new int[] {4}, 59, l -> 1));
        assertArrayEquals(new int[] {0}, TrainingPasses.cut(new int[0], new int[0], 59, l -> 1));
    }

    @Test
    void unsortedLengthsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingPasses.cut(new int[] {5, 9}, ones(2), 59, l -> 10));
        assertTrue(e.getMessage().contains("longest first"), e.getMessage());
    }

    @Test
    void dealingBalancesTheRunsCostAsOnePass() {
        Random random = new Random(3);
        for (int trial = 0; trial < 50; trial++) {
            int n = 1 + random.nextInt(20);
            int[] tokens = descending(random, n);
            int overhead = random.nextInt(120);
            int[] runs = TrainingPasses.deal(tokens, 2, overhead);
            assertEquals(3, runs.length);
            assertEquals(0, runs[0]);
            assertEquals(n, runs[2]);
            long dealt = Math.max(runCost(tokens, 0, runs[1], overhead), runCost(tokens, runs[1], n, overhead));
            long best = Long.MAX_VALUE;
            for (int a = 0; a <= n; a++) {
                best = Math.min(best, Math.max(runCost(tokens, 0, a, overhead), runCost(tokens, a, n, overhead)));
            }
            assertEquals(best, dealt, "tokens " + Arrays.toString(tokens));
        }
        // One long item does not leave a worker idle; with fewer items than workers the last runs are empty.
        assertArrayEquals(new int[] {0, 1, 2, 3}, TrainingPasses.deal(new int[] {60, 1, 1}, 3, 59));
        assertArrayEquals(new int[] {0, 1, 2, 2}, TrainingPasses.deal(new int[] {9, 3}, 3, 59));
    }
}
