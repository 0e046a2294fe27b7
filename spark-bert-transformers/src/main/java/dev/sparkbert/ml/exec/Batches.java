package dev.sparkbert.ml.exec;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.heads.HeadOutput;
import dev.sparkbert.core.tokenize.Encoded;
import dev.sparkbert.core.tokenize.EncodedBatch;
import dev.sparkbert.core.util.ActivationBudget;
import java.util.List;

/** Runs a model over encodings in length-sorted batches, each batch's native memory freed after use. */
public final class Batches {

    private Batches() {}

    /** Receives one batch: the indices of its encodings, its inputs and the model's output. */
    public interface BatchConsumer {
        void accept(int[] indices, BertInputs inputs, HeadOutput output);
    }

    /**
     * Forward passes over {@code encodings} in batches of at most {@code batchSize}, grouped by length
     * (and cut smaller where long rows would make activations too large for malloc to reuse).
     * The consumer must copy what it needs out of the arrays: they are closed when it returns.
     */
    public static void forEach(LoadedModel model, List<Encoded> encodings, long padId, int batchSize,
            BatchConsumer consumer) {
        for (int[] idx : EncodedBatch.lengthBuckets(encodings, batchSize,
                len -> ActivationBudget.maxSequences(model.network(), len))) {
            try (NDManager scope = model.manager().newSubManager()) {
                BertInputs in = EncodedBatch.toInputs(encodings, idx, padId, scope).build();
                consumer.accept(idx, in, model.network().forward(new ParameterStore(scope, false), in, false));
            }
        }
    }

    /** Row-wise softmax of a (rows, classes) array given flat. */
    public static double[][] softmax(float[] flat, int rows, int classes) {
        double[][] out = new double[rows][classes];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                max = Math.max(max, flat[r * classes + c]);
            }
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                out[r][c] = Math.exp(flat[r * classes + c] - max);
                sum += out[r][c];
            }
            for (int c = 0; c < classes; c++) {
                out[r][c] /= sum;
            }
        }
        return out;
    }
}
