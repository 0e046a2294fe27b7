package dev.sparkbert.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;
import java.util.function.UnaryOperator;

/** HF {@code BertIntermediate}: dense to the intermediate size, then {@code hidden_act}. */
public final class BertIntermediate extends HfBlock {

    private final Linear dense;
    private final UnaryOperator<NDArray> act;

    public BertIntermediate(BertConfig config) {
        dense = addModule("dense", Linear.builder().setInFeatures(config.getHiddenSize())
                .setOutFeatures(config.getIntermediateSize()).build());
        act = Activations.forName(config.getHiddenAct());
    }

    public NDArray forward(ParameterStore ps, NDArray hidden, boolean training) {
        return act.apply(dense.forward(ps, hidden, training));
    }
}
