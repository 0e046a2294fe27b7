package dev.sparkbert.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.heads.HeadOutput;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.util.Scalars;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.function.Function;

/**
 * One replica's optimizer loop, as HF's Trainer runs it: forward and backward over micro-batches
 * (gradients add up), then global-norm clipping, one AdamW update, and zeroed gradients.
 *
 * <p>A distributed trainer calls {@link #accumulate}, sums the gradients over the replicas in place
 * ({@link AdamW#gradientBytes()}; what is copied out travels in an {@link #exchangeBuffer}), then
 * calls {@link #step(double, Map)} with views of the sums, or, when each replica holds the sums of
 * its part only, {@link #step(double, Map, int[], UpdateShard)} and exchanges the updated weights.
 * Arrays made for a micro-batch are freed when it is done, so memory stays flat.
 */
public final class LocalTrainer implements AutoCloseable {

    private final BertNetwork net;
    private final AdamW optimizer;
    private final double maxGradNorm;
    private final NDManager manager;
    private NDArray flat;
    private ByteBuffer flatBytes;

    /**
     * @param maxGradNorm clip the global gradient norm to this (0 or less: no clipping)
     */
    public LocalTrainer(BertNetwork net, AdamW optimizer, double maxGradNorm) {
        this.net = net;
        this.optimizer = optimizer;
        this.maxGradNorm = maxGradNorm;
        this.manager = net.namedParameters().values().iterator().next().getArray().getManager();
        Engines.pytorch();
        optimizer.attachGradients();
    }

    /**
     * Runs forward and backward on one micro-batch; gradients of {@code lossScale} x loss are added
     * to the parameters' gradients.
     *
     * @param batch builds the micro-batch's inputs in the manager it is given (freed afterwards)
     * @return the unscaled loss
     */
    public float accumulate(Function<NDManager, BertInputs> batch, float lossScale) {
        return accumulate(batch, out -> {
            if (out.loss() == null) {
                throw new IllegalArgumentException("the batch has no labels for " + net.getArchitecture());
            }
            return lossScale == 1f ? out.loss() : Scalars.mul(out.loss(), lossScale);
        });
    }

    /**
     * Runs forward and backward on one micro-batch with a loss computed from the head's outputs
     * (for example a weighted sum of loss terms, as data-parallel training needs).
     *
     * @return the value of that loss
     */
    public float accumulate(Function<NDManager, BertInputs> batch, Function<HeadOutput, NDArray> loss) {
        try (NDManager scope = manager.newSubManager()) {
            BertInputs in = batch.apply(scope);
            // Not DJL's GradientCollector: it allows one collector per JVM, and replicas of a local
            // Spark job train in parallel threads. Grad mode is per thread in PyTorch.
            JniUtils.setGradMode(true);
            try {
                NDArray l = loss.apply(net.forward(new ParameterStore(scope, false), in, true));
                float value = l.getFloat();
                JniUtils.backward((PtNDArray) l, (PtNDArray) l.onesLike(), false, false);
                return value;
            } finally {
                JniUtils.setGradMode(false);
            }
        }
    }

    /** A scope for a batch's arrays (a sub-manager of the parameters' manager); close it after use. */
    public NDManager newScope() {
        return manager.newSubManager();
    }

    /**
     * Runs the network without gradients and without dropout on one batch and returns what {@code
     * measure} computes from its outputs (for evaluation during training).
     */
    public <T> T evaluate(Function<NDManager, BertInputs> batch, Function<HeadOutput, T> measure) {
        try (NDManager scope = manager.newSubManager()) {
            Engines.noGradOnThisThread();
            return measure.apply(net.forward(new ParameterStore(scope, false), batch.apply(scope), false));
        }
    }

    /**
     * Clips the accumulated gradients, applies one AdamW update at {@code lr}, zeroes the gradients.
     *
     * @return the global gradient norm before clipping
     */
    public double step(double lr) {
        Engines.noGradOnThisThread();
        return step(lr, optimizer.gradientViews());
    }

    /**
     * The same step with gradients read from {@code gradients} (by parameter name, as {@link
     * AdamW#step(double, float, Map)} takes them), such as all-reduced sums.
     *
     * @return the global norm of {@code gradients} before clipping
     */
    public double step(double lr, Map<String, FloatBuffer> gradients) {
        return step(lr, gradients, null);
    }

    /**
     * The same step where the optimizer's lazily updated matrix has a gradient only on {@code
     * touchedRows} ({@link AdamW#step(double, float, Map, int[])}).
     *
     * @return the global norm of {@code gradients} before clipping
     */
    public double step(double lr, Map<String, FloatBuffer> gradients, int[] touchedRows) {
        return step(lr, gradients, touchedRows, null);
    }

    /**
     * The same step where this replica updates only its part {@code shard} of the sharded
     * parameters (null: all), whose gradients it holds summed there ({@link AdamW#step(double,
     * float, Map, int[], UpdateShard)}); the replicas exchange the updated weights afterwards.
     *
     * @return the global norm of the summed gradients before clipping, the same on every replica
     */
    public double step(double lr, Map<String, FloatBuffer> gradients, int[] touchedRows, UpdateShard shard) {
        Engines.noGradOnThisThread();
        double norm = optimizer.globalNorm(gradients, touchedRows, shard);
        optimizer.step(lr, GradientClipping.clipCoefficient(norm, maxGradNorm), gradients, touchedRows, shard);
        optimizer.zeroGradients();
        return norm;
    }

    /**
     * Native-order bytes of at least {@code floats} floats over native memory this trainer owns
     * (reused and grown as needed; freed by {@link #close()}), for exchanging gradients. Its
     * position is 0 and its limit {@code 4 floats}.
     */
    public ByteBuffer exchangeBuffer(long floats) {
        if (flat == null || flat.size() < floats) {
            if (flat != null) {
                flat.close();
            }
            flat = manager.zeros(new Shape(floats));
            flatBytes = flat.toByteBuffer(true);
        }
        return flatBytes.duplicate().order(ByteOrder.nativeOrder()).clear().limit(Math.toIntExact(floats * 4));
    }

    public AdamW getOptimizer() {
        return optimizer;
    }

    @Override
    public void close() {
        if (flat != null) {
            flat.close();
        }
        optimizer.close();
    }
}
