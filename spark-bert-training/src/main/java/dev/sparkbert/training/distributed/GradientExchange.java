package dev.sparkbert.training.distributed;

import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.optim.AdamW;
import dev.sparkbert.core.optim.LocalTrainer;
import dev.sparkbert.core.optim.UpdateShard;
import dev.sparkbert.training.comm.RingAllReduce;
import dev.sparkbert.training.data.Example;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 *
 * <p>With a sharded update (ZeRO stage 1, {@link UpdateShard}) the other gradients are only
 * reduce-scattered: each replica holds the sum of its part, updates that part, and the replicas
 * then all-gather the updated weights ({@link #gatherWeights}), the same bytes as all-gathering the
 * sums, while each replica runs a part of the update instead of all of it. The word-embedding
 * rows, which every replica updates, are summed whole.
 */
final class GradientExchange {

    private final LocalTrainer trainer;
    private final String sparseKey;
    private final int rows;
    private final int width;
    private final boolean sharded;
    /** This replica's part of the update once the ring is known; null when every replica updates all. */
    private UpdateShard shard;

    /**
     * @param sparse exchange only the word-embedding rows of the step's tokens (tests turn it off
     *     to compare with the dense exchange)
     * @param sharded shard the update over the replicas (tests turn it off to compare)
     */
    GradientExchange(BertNetwork net, LocalTrainer trainer, boolean sparse, boolean sharded) {
        this.trainer = trainer;
        String key = net.tiedKeys().isEmpty() ? net.namedParameters().keySet().stream()
                .filter(k -> k.endsWith("embeddings.word_embeddings.weight")).findFirst().orElse(null) : null;
        this.sparseKey = sparse ? key : null;
        this.rows = sparseKey == null ? 0 : net.getConfig().getVocabSize();
        this.width = sparseKey == null ? 0 : net.getConfig().getHiddenSize();
        this.sharded = sharded;
    }

    /**
     * This replica's part of a sharded update over {@code ring} (null with one replica or when
     * every replica updates all parameters).
     */
    UpdateShard shard(RingAllReduce ring) {
        if (shard == null && sharded && ring.size() > 1) {
            Map<String, Integer> sizes = new LinkedHashMap<>();
            trainer.getOptimizer().gradientBytes().forEach((k, b) -> {
                if (!k.equals(sparseKey)) {
                    sizes.put(k, b.limit() / 4);
                }
            });
            shard = new UpdateShard(sizes, ring.size(), ring.ownedChunk(), bits -> {
                try {
                    return ring.gatherDisjoint(bits);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return shard;
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

    /**
     * The summed gradients by parameter name (with a sharded update, summed only in this replica's
     * part of the sharded ones), the summed loss, and the seconds spent waiting for the other
     * replicas to start exchanging.
     */
    record Sum(Map<String, FloatBuffer> gradients, double loss, double waitSeconds) {}

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
        if (sparseKey != null) {
            FloatBuffer g = local.get(sparseKey).asFloatBuffer();
            for (int i = 0; i < unionRows; i++) {
                rowsAndLoss.put(i * width, g, union[i] * width, width);
            }
        }
        rowsAndLoss.put(unionRows * width, (float) localLoss);
        List<ByteBuffer> dense = dense(local);
        double wait;
        if (shard(ring) == null) {
            List<ByteBuffer> buffers = new ArrayList<>();
            buffers.add(small);
            buffers.addAll(dense);
            ring.sumInPlace(buffers);
            wait = ring.lastWaitSeconds();
        } else {
            ring.sumInPlace(small);
            wait = ring.lastWaitSeconds();
            ring.reduceScatter(dense, shard.starts());
            wait += ring.lastWaitSeconds();
        }
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
        return new Sum(summed, rowsAndLoss.get(unionRows * width), wait);
    }

    /**
     * After a sharded update: every replica's part of the weights goes to the others (none without
     * a shard). Returns the seconds spent waiting for the other replicas to finish their update.
     */
    double gatherWeights(RingAllReduce ring) throws IOException {
        gather(ring, AdamW.Tensor.WEIGHTS);
        return shard == null ? 0 : ring.lastWaitSeconds();
    }

    /**
     * Every replica's part of the moment estimates goes to the others (none without a shard), so a
     * checkpoint holds them all.
     */
    void gatherMoments(RingAllReduce ring) throws IOException {
        gather(ring, AdamW.Tensor.EXP_AVG);
        gather(ring, AdamW.Tensor.EXP_AVG_SQ);
    }

    private void gather(RingAllReduce ring, AdamW.Tensor tensor) throws IOException {
        if (shard(ring) != null) {
            ring.allGather(dense(trainer.getOptimizer().bytes(tensor)), shard.starts());
        }
    }

    /** The buffers other than the sparse word embeddings', in parameter order. */
    private List<ByteBuffer> dense(Map<String, ByteBuffer> byName) {
        List<ByteBuffer> dense = new ArrayList<>();
        byName.forEach((k, b) -> {
            if (!k.equals(sparseKey)) {
                dense.add(b);
            }
        });
        return dense;
    }
}
