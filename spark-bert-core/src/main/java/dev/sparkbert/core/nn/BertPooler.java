package dev.sparkbert.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;

/** HF {@code BertPooler}: tanh(dense(hidden state of the first token)); (batch, seq, hidden) to (batch, hidden). */
public final class BertPooler extends HfBlock {

    private final Linear dense;

    public BertPooler(BertConfig config) {
        dense = addModule("dense", Linear.builder().setInFeatures(config.getHiddenSize())
                .setOutFeatures(config.getHiddenSize()).build());
    }

    public NDArray forward(ParameterStore ps, NDArray hidden, boolean training) {
        return dense.forward(ps, hidden.get(":, 0, :"), training).tanh();
    }
}
