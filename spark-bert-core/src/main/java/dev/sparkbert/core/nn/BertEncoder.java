package dev.sparkbert.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;
import java.util.ArrayList;
import java.util.List;

/** HF {@code BertEncoder}: the stack {@code layer.0 .. layer.N-1}. */
public final class BertEncoder extends HfBlock {

    private final List<BertLayer> layers = new ArrayList<>();

    public BertEncoder(BertConfig config) {
        for (int i = 0; i < config.getNumHiddenLayers(); i++) {
            layers.add(addModule("layer." + i, new BertLayer(config)));
        }
    }

    /**
     * Runs every layer. If {@code allHidden} is not null, each layer's output is appended to it.
     *
     * @return the last layer's output, (batch, seq, hidden)
     */
    public NDArray forward(ParameterStore ps, NDArray hidden, NDArray additiveMask, boolean training,
            List<NDArray> allHidden) {
        NDArray h = hidden;
        for (BertLayer layer : layers) {
            h = layer.forward(ps, h, additiveMask, training);
            if (allHidden != null) {
                allHidden.add(h);
            }
        }
        return h;
    }
}
