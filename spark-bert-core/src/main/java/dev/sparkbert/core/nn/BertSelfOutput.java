package dev.sparkbert.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;

/**
 * HF {@code BertSelfOutput} and {@code BertOutput} share this shape: dense, dropout, then
 * LayerNorm of (result + residual). Input (batch, seq, in), residual and output (batch, seq, hidden).
 */
public final class BertSelfOutput extends HfBlock {

    private final Linear dense;
    private final LayerNorm layerNorm;
    private final float dropout;

    /** An output block projecting {@code inFeatures} to the hidden size. */
    public BertSelfOutput(BertConfig config, int inFeatures) {
        dense = addModule("dense", Linear.builder().setInFeatures(inFeatures)
                .setOutFeatures(config.getHiddenSize()).build());
        layerNorm = addModule("LayerNorm", LayerNorm.builder().setSize(config.getHiddenSize())
                .optEps(config.getLayerNormEps()).build());
        dropout = (float) config.getHiddenDropoutProb();
    }

    public NDArray forward(ParameterStore ps, NDArray x, NDArray residual, boolean training) {
        NDArray h = Dropout.apply(dense.forward(ps, x, training), dropout, training);
        return layerNorm.forward(ps, h.add(residual), training);
    }
}
