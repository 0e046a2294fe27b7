package dev.sparkbert.core.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.util.Engines;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.heads.HeadOutput;
import dev.sparkbert.core.nn.BertNetwork;
import java.util.Map;
import java.util.function.Function;

/**
 * One replica's optimizer loop, as HF's Trainer runs it: forward and backward over micro-batches
 * (gradients add up), then global-norm clipping, one AdamW update, and zeroed gradients.
 *
 * <p>A distributed trainer calls {@link #accumulate}, all-reduces {@link AdamW#gradients()}, then
 * {@link #step}. Arrays made for a micro-batch are freed when it is done, so memory stays flat.
 */
public final class LocalTrainer implements AutoCloseable {

    private final BertNetwork net;
    private final AdamW optimizer;
    private final double maxGradNorm;
    private final NDManager manager;

    /**
     * @param maxGradNorm clip the global gradient norm to this (0 or less: no clipping)
     */
    public LocalTrainer(BertNetwork net, AdamW optimizer, double maxGradNorm) {
        this.net = net;
        this.optimizer = optimizer;
        this.maxGradNorm = maxGradNorm;
        this.manager = net.namedParameters().values().iterator().next().getArray().getManager();
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
        try (NDManager scope = manager.newSubManager()) {
            BertInputs in = batch.apply(scope);
            try (GradientCollector collector = Engines.pytorch().newGradientCollector()) {
                HeadOutput out = net.forward(new ParameterStore(scope, false), in, true);
                if (out.loss() == null) {
                    throw new IllegalArgumentException("the batch has no labels for " + net.getArchitecture());
                }
                float loss = out.loss().getFloat();
                collector.backward(lossScale == 1f ? out.loss() : out.loss().mul(lossScale));
                return loss;
            }
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

    public AdamW getOptimizer() {
        return optimizer;
    }

    @Override
    public void close() {
        optimizer.close();
    }
}
