package dev.sparkbert.training.distributed;

import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.optim.LocalTrainer;
import dev.sparkbert.training.comm.RingAllReduce;
import dev.sparkbert.training.data.Example;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sums one step's gradients over the replicas where they live (the ring reads every gradient, in
 * parameter order, as one sequence), and the step's loss. The word-embedding gradient is zero
 * except on the rows of tokens in the step's batches, so (unless an LM head ties it to the
 * decoder, which gives every row a gradient) only the rows of the union of all replicas' tokens
 * travel. The union comes from a vocabulary mask added to the step's small all-reduce of counts
 * ({@link #markTokens}); rows outside it are zero on every replica, so the result is the dense sum.
 */
final class GradientExchange {

    private final LocalTrainer trainer;
    private final String sparseKey;
    private final int rows;
    private final int width;

    /**
     * @param sparse exchange only the word-embedding rows of the step's tokens (tests turn it off
     *     to compare with the dense exchange)
     */
    GradientExchange(BertNetwork net, LocalTrainer trainer, boolean sparse) {
        this.trainer = trainer;
        String key = net.tiedKeys().isEmpty() ? net.namedParameters().keySet().stream()
                .filter(k -> k.endsWith("embeddings.word_embeddings.weight")).findFirst().orElse(null) : null;
        this.sparseKey = sparse ? key : null;
        this.rows = sparseKey == null ? 0 : net.getConfig().getVocabSize();
        this.width = sparseKey == null ? 0 : net.getConfig().getHiddenSize();
    }

    /** Slots of the vocabulary mask (0 when the word embeddings travel whole). */
    int maskSlots() {
        return rows;
    }

    /**
     * The word-embedding key whose rows travel (and are updated, {@link
     * dev.sparkbert.core.optim.AdamW#updateRowsLazily}) only where the step has tokens; null when
     * every row may have a gradient.
     */
    String sparseKey() {
        return sparseKey;
    }

    /** Sets {@code mask[offset + id]} to 1 for every token id of {@code examples} (none without a mask). */
    void markTokens(List<Example> examples, float[] mask, int offset) {
        if (rows == 0) {
            return;
        }
        for (Example e : examples) {
            for (long id : e.inputIds()) {
                if (id < 0 || id >= rows) {
                    throw new IllegalArgumentException("example " + e.index() + " has token id " + id
                            + " outside the model's vocabulary of " + rows);
                }
                mask[offset + (int) id] = 1f;
            }
        }
    }

    /** The rows set in the vocabulary mask from {@code offset}, ascending; null without a mask. */
    int[] rowsOf(float[] mask, int offset) {
        if (rows == 0) {
            return null;
        }
        int[] union = new int[rows];
        int n = 0;
        for (int r = 0; r < rows; r++) {
            if (mask[offset + r] > 0) {
                union[n++] = r;
            }
        }
        return Arrays.copyOf(union, n);
    }

    /** The summed gradients by parameter name, and the summed loss. */
    record Sum(Map<String, FloatBuffer> gradients, double loss) {}

    /**
     * All-reduces this replica's gradients and {@code localLoss}; {@code union} holds the rows of
     * the all-reduced token mask ({@link #rowsOf}; null without a mask). The gradients are summed
     * in their own memory (PyTorch's {@code .grad}, which the step then reads and zeroes); the
     * word-embedding rows of the union and the loss travel in one small buffer.
     */
    Sum sum(RingAllReduce ring, int[] union, double localLoss) throws IOException {
        Map<String, ByteBuffer> local = trainer.getOptimizer().gradientBytes();
        int unionRows = union == null ? 0 : union.length;
        ByteBuffer small = trainer.exchangeBuffer((long) unionRows * width + 1);
        FloatBuffer rowsAndLoss = small.asFloatBuffer();
        List<ByteBuffer> buffers = new ArrayList<>();
        buffers.add(small);
        for (Map.Entry<String, ByteBuffer> e : local.entrySet()) {
            if (e.getKey().equals(sparseKey)) {
                FloatBuffer g = e.getValue().asFloatBuffer();
                for (int i = 0; i < unionRows; i++) {
                    rowsAndLoss.put(i * width, g, union[i] * width, width);
                }
            } else {
                buffers.add(e.getValue());
            }
        }
        rowsAndLoss.put(unionRows * width, (float) localLoss);
        ring.sumInPlace(buffers);
        Map<String, FloatBuffer> summed = new LinkedHashMap<>();
        for (Map.Entry<String, ByteBuffer> e : local.entrySet()) {
            FloatBuffer g = e.getValue().asFloatBuffer();
            if (e.getKey().equals(sparseKey)) {
                // The summed rows go back into this replica's gradient, whose other rows are zero.
                for (int i = 0; i < unionRows; i++) {
                    g.put(union[i] * width, rowsAndLoss, i * width, width);
                }
            }
            summed.put(e.getKey(), g);
        }
        return new Sum(summed, rowsAndLoss.get(unionRows * width));
    }
}
