package dev.sparkbert.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;

/** HF {@code BertAttention}: {@code self} attention then {@code output} (dense + residual LayerNorm). */
public final class BertAttention extends HfBlock {

    private final BertSelfAttention self;
    private final BertSelfOutput output;

    public BertAttention(BertConfig config) {
        self = addModule("self", new BertSelfAttention(config));
        output = addModule("output", new BertSelfOutput(config, config.getHiddenSize()));
    }

    public NDArray forward(ParameterStore ps, NDArray hidden, NDArray additiveMask, boolean training) {
        return output.forward(ps, self.forward(ps, hidden, additiveMask, training), hidden, training);
    }
}
