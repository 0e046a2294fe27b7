package dev.sparkbert.core.heads;

import ai.djl.ndarray.NDArray;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.nn.BertModel;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.nn.Dropout;
import dev.sparkbert.core.nn.HfBlock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Base of the eight heads: a shared {@link BertModel} registered as {@code bert}, plus the head's own modules. */
public abstract class BertHead extends HfBlock implements BertNetwork {

    protected final BertConfig config;
    protected final BertModel bert;

    protected BertHead(BertConfig config, boolean addPoolingLayer) {
        this.config = config;
        this.bert = addModule("bert", new BertModel(config, addPoolingLayer));
    }

    @Override
    public BertConfig getConfig() {
        return config;
    }

    public BertModel getBert() {
        return bert;
    }

    /** Dropout before a classifier: {@code classifier_dropout}, else {@code hidden_dropout_prob}. */
    protected NDArray classifierDropout(NDArray x, boolean training) {
        return Dropout.apply(x, (float) config.getEffectiveClassifierDropout(), training);
    }

    /** A one-entry named-output map. */
    protected static Map<String, NDArray> named(String name, NDArray value) {
        Map<String, NDArray> m = new LinkedHashMap<>();
        m.put(name, value);
        return m;
    }
}
