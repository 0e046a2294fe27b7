package dev.sparkbert.core.optim;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.precision.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * How a training step's examples are cut into forward/backward passes. A pass pads every sequence
 * to its longest, so a batch of short and long texts spends most of its work on padding (random
 * SST-2 batches of 32: about two thirds of the padded positions). Sorted by length, the examples
 * are cut where a pass's fixed cost is less than the padding the cut saves. The gradient is the
 * same sum in another order: each pass's loss is divided by the step's global counts.
 *
 * <p>Cost model, in units of one padded position's forward and backward work: a pass costs {@link
 * #overheadTokens} plus its sequences times its longest length.
 */
public final class TrainingPasses {

    private TrainingPasses() {}

    /**
     * The fixed cost of one forward/backward pass in padded positions. The fixed part grows with all
     * parameters (every gradient is added into, the bf16 encoder casts its weights), the per-position
     * part with the encoder layers' parameters. On MiniLM-L6 with one PyTorch thread a pass's fixed
     * cost measured 21.9 ms beside 0.60 ms per position in fp32 (37 positions) and 51 ms beside
     * 0.33 ms in bf16 (155) alone; with two replicas sharing a 2-core host's memory it was about 1.9
     * times as much in fp32. This gives 59 and 155; the total cost is flat near the best cut (2%
     * over estimates of 59-111 positions), so the estimate need not be exact.
     */
    public static int overheadTokens(BertConfig config, Precision precision) {
        double h = config.getHiddenSize();
        double layers = config.getNumHiddenLayers() * (4 * h * h + 2 * h * config.getIntermediateSize());
        double all = layers + h * ((double) config.getVocabSize() + config.getMaxPositionEmbeddings()
                + config.getTypeVocabSize());
        // Positions per unit of all / layers (2.12 for MiniLM).
        double positions = precision == Precision.FP32 ? 28 : 73;
        return (int) Math.round(positions * all / Math.max(1, layers));
    }

    /**
     * Cuts items sorted by length (longest first) into consecutive passes of least total cost, each
     * within {@code maxSequences} (sequences allowed in a pass whose longest is the given length;
     * at least one item per pass whatever it allows); among cuts of equal cost, the one with the
     * smallest largest pass.
     *
     * @param lengths tokens per sequence of each item, non-increasing
     * @param sequences sequences of each item (1, or the choices of a multiple-choice example)
     * @return the pass boundaries: 0, the first index of each later pass, and {@code lengths.length}
     */
    public static int[] cut(int[] lengths, int[] sequences, int overheadTokens, IntUnaryOperator maxSequences) {
        int n = lengths.length;
        for (int i = 1; i < n; i++) {
            if (lengths[i] > lengths[i - 1]) {
                throw new IllegalArgumentException("lengths must be sorted longest first, got " + lengths[i - 1]
                        + " before " + lengths[i] + " at " + i);
            }
        }
        long[] cost = new long[n + 1];
        int[] largest = new int[n + 1];
        int[] from = new int[n + 1];
        for (int j = 1; j <= n; j++) {
            cost[j] = Long.MAX_VALUE;
        }
        for (int i = 0; i < n; i++) {
            int cap = Math.max(1, maxSequences.applyAsInt(lengths[i]));
            long seqs = 0;
            for (int j = i + 1; j <= n; j++) {
                seqs += sequences[j - 1];
                if (seqs > cap && j > i + 1) {
                    break;
                }
                long c = cost[i] + overheadTokens + seqs * lengths[i];
                int big = Math.max(largest[i], j - i);
                if (c < cost[j] || c == cost[j] && big < largest[j]) {
                    cost[j] = c;
                    largest[j] = big;
                    from[j] = i;
                }
            }
        }
        List<Integer> bounds = new ArrayList<>();
        for (int j = n; j > 0; j = from[j]) {
            bounds.add(0, j);
        }
        bounds.add(0, 0);
        return bounds.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Deals items sorted by length (longest first) to {@code workers} as consecutive runs, so that
     * the costliest run, taken as one pass, is as cheap as it can be: the workers finish a step's
     * passes at about the same time and the padding of each stays small.
     *
     * @param tokens padded positions one item adds to a pass of its length (sequences x length), non-increasing
     * @return the run boundaries: {@code workers + 1} indices from 0 to {@code tokens.length}; every
     *     run holds an item unless there are fewer items than workers (then the last runs are empty)
     */
    public static int[] deal(int[] tokens, int workers, int overheadTokens) {
        int n = tokens.length;
        long lo = 0;
        long hi = overheadTokens + (long) n * (n == 0 ? 0 : tokens[0]);
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            if (runs(tokens, workers, overheadTokens, mid) != null) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return runs(tokens, workers, overheadTokens, lo);
    }

    /**
     * The greedy runs whose one-pass cost stays within {@code limit}, each leaving an item for every
     * later worker, or null when more than {@code workers} runs are needed.
     */
    private static int[] runs(int[] tokens, int workers, int overheadTokens, long limit) {
        int[] bounds = new int[workers + 1];
        int at = 0;
        for (int w = 0; w < workers; w++) {
            bounds[w] = at;
            if (at < tokens.length) {
                long budget = limit - overheadTokens;
                if (budget < tokens[at]) {
                    return null;
                }
                long room = budget / Math.max(1, tokens[at]);
                long most = Math.max(1, tokens.length - at - (workers - w - 1));
                at = (int) (at + Math.min(room, most));
            }
        }
        bounds[workers] = at;
        return at == tokens.length ? bounds : null;
    }
}
