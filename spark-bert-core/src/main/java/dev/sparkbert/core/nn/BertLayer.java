package dev.sparkbert.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;

/** HF {@code BertLayer}: attention, then the feed-forward {@code intermediate} and {@code output}. */
public final class BertLayer extends HfBlock {

    private final BertAttention attention;
    private final BertIntermediate intermediate;
    private final BertSelfOutput output;

    public BertLayer(BertConfig config) {
        attention = addModule("attention", new BertAttention(config));
        intermediate = addModule("intermediate", new BertIntermediate(config));
        // HF's BertOutput has the same structure as BertSelfOutput, from the intermediate size.
        output = addModule("output", new BertSelfOutput(config, config.getIntermediateSize()));
    }

    public NDArray forward(ParameterStore ps, NDArray hidden, NDArray additiveMask, boolean training) {
        NDArray attended = attention.forward(ps, hidden, additiveMask, training);
        return output.forward(ps, intermediate.forward(ps, attended, training), attended, training);
    }
}
