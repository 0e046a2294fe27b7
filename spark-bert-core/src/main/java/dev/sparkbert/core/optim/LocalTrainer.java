package dev.sparkbert.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.util.InPlace;
import dev.sparkbert.core.util.Scalars;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.heads.HeadOutput;
import dev.sparkbert.core.nn.BertNetwork;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.function.Function;

/**
 * One replica's optimizer loop, as HF's Trainer runs it: forward and backward over micro-batches
 * (gradients add up), then global-norm clipping, one AdamW update, and zeroed gradients.
 *
 * <p>A distributed trainer calls {@link #accumulate}, all-reduces the buffer of {@link
 * #exportGradients}, calls {@link #importGradients}, then {@link #step}. Arrays made for a micro-batch are freed when it is done, so memory stays flat.
 */
public final class LocalTrainer implements AutoCloseable {

    private final BertNetwork net;
    private final AdamW optimizer;
    private final double maxGradNorm;
    private final NDManager manager;
    private NDArray flat;
    private FloatBuffer flatView;

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
        Map<String, NDArray> grads = optimizer.gradients();
        double norm;
        try {
            norm = GradientClipping.clipGlobalNorm(grads.values(), maxGradNorm);
        } finally {
            grads.values().forEach(NDArray::close);
        }
        optimizer.step(lr);
        optimizer.zeroGradients();
        return norm;
    }

    /**
     * Copies every gradient, in {@link AdamW#gradients()} order, into one flat float32 tensor that
     * PyTorch owns (allocated once, {@code extraSlots} more elements at its end for the caller) and
     * returns a direct buffer over that tensor's memory, for an all-reduce to sum in place. Valid
     * until {@link #close()}; call {@link #importGradients()} after changing it.
     *
     * <p>Gradients never pass through Java arrays: copying them out ({@code toFloatArray}) and back
     * (arrays created from Java data) while another replica in the JVM ran PyTorch corrupted them.
     */
    public FloatBuffer exportGradients(int extraSlots) {
        Map<String, NDArray> grads = optimizer.gradients();
        try {
            long n = 0;
            for (NDArray g : grads.values()) {
                n += g.size();
            }
            if (flat == null || flat.size() != n + extraSlots) {
                if (flat != null) {
                    flat.close();
                }
                flat = manager.zeros(new Shape(n + extraSlots));
                flatView = flat.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
            }
            long at = 0;
            for (NDArray g : grads.values()) {
                try (NDArray row = g.reshape(-1)) {
                    flat.set(new NDIndex("{}:{}", at, at + g.size()), row);
                }
                at += g.size();
            }
            return flatView;
        } finally {
            grads.values().forEach(NDArray::close);
        }
    }

    /** Copies the flat tensor of {@link #exportGradients} back into the gradients. */
    public void importGradients() {
        Map<String, NDArray> grads = optimizer.gradients();
        try {
            long at = 0;
            for (NDArray g : grads.values()) {
                try (NDArray slice = flat.get(new NDIndex("{}:{}", at, at + g.size()));
                        NDArray shaped = slice.reshape(g.getShape())) {
                    InPlace.copy(g, shaped);
                }
                at += g.size();
            }
        } finally {
            grads.values().forEach(NDArray::close);
        }
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
