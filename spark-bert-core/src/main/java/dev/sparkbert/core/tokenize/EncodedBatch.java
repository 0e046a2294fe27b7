package dev.sparkbert.core.tokenize;

import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.util.Lists;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;

/**
 * Turns encodings into model inputs: length-sorted batches (so each batch pads only to its own
 * longest sequence) and padded (batch, seq) arrays.
 */
public final class EncodedBatch {

    private EncodedBatch() {}

    /**
     * Groups row indices into batches of at most {@code batchSize}, sorted by token count, so rows of
     * similar length share a batch; a batch whose longest row allows fewer rows
     * ({@code maxRowsForLength}, e.g. {@link dev.sparkbert.core.util.ActivationBudget}) is cut into
     * near-equal parts. Every index appears once; callers put results back by index.
     */
    public static List<int[]> lengthBuckets(List<Encoded> rows, int batchSize, IntUnaryOperator maxRowsForLength) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        List<Integer> order = IntStream.range(0, rows.size()).boxed()
                .sorted(Comparator.comparingInt(i -> rows.get(i).tokenCount())).toList();
        List<int[]> batches = new ArrayList<>();
        for (int start = 0; start < order.size(); start += batchSize) {
            List<Integer> batch = order.subList(start, Math.min(order.size(), start + batchSize));
            int longest = rows.get(batch.get(batch.size() - 1)).tokenCount();
            for (List<Integer> part : Lists.partsOfAtMost(batch, maxRowsForLength.applyAsInt(longest))) {
                batches.add(part.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return batches;
    }

    /**
     * Pads the chosen rows to the longest among them and builds (batch, seq) int64 inputs in {@code
     * manager}: ids padded with {@code padId}, token types with 0, attention mask with 0.
     */
    public static BertInputs.Builder toInputs(List<Encoded> rows, int[] indices, long padId, NDManager manager) {
        int seq = 0;
        for (int i : indices) {
            seq = Math.max(seq, rows.get(i).tokenCount());
        }
        long[] ids = new long[indices.length * seq];
        long[] types = new long[indices.length * seq];
        long[] mask = new long[indices.length * seq];
        java.util.Arrays.fill(ids, padId);
        for (int r = 0; r < indices.length; r++) {
            Encoded e = rows.get(indices[r]);
            int n = e.tokenCount(); // padding is always at the end in BERT encodings
            System.arraycopy(e.ids(), 0, ids, r * seq, n);
            System.arraycopy(e.typeIds(), 0, types, r * seq, n);
            System.arraycopy(e.attentionMask(), 0, mask, r * seq, n);
        }
        ai.djl.ndarray.types.Shape shape = new ai.djl.ndarray.types.Shape(indices.length, seq);
        return BertInputs.builder()
                .setInputIds(manager.create(ids, shape))
                .optTokenTypeIds(manager.create(types, shape))
                .optAttentionMask(manager.create(mask, shape));
    }
}
