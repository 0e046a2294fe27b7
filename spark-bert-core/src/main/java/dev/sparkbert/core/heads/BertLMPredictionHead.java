package dev.sparkbert.core.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.nn.Activations;
import dev.sparkbert.core.nn.HfBlock;
import dev.sparkbert.core.nn.LayerNorm;
import dev.sparkbert.core.nn.ModuleContainer;
import dev.sparkbert.core.nn.Linear;
import java.util.function.UnaryOperator;

/**
 * HF {@code BertLMPredictionHead} ({@code cls.predictions}): {@code transform} (HF {@code
 * BertPredictionHeadTransform}: dense, activation, LayerNorm) then the decoder to vocabulary logits plus {@code bias}. With {@code
 * tie_word_embeddings} (the default) the decoder weight is the word-embedding tensor itself, so
 * gradients of both uses add up; otherwise it is a parameter {@code decoder.weight} of its own.
 * Hidden states (..., hidden) give logits (..., vocab).
 */
public final class BertLMPredictionHead extends HfBlock {

    private final Linear transformDense;
    private final LayerNorm transformLayerNorm;
    private final UnaryOperator<NDArray> act;
    private final Parameter decoderWeight;
    private final Parameter bias;

    public BertLMPredictionHead(BertConfig config, Parameter wordEmbeddings) {
        int h = config.getHiddenSize();
        ModuleContainer transform = addModule("transform", new ModuleContainer());
        transformDense = transform.add("dense", Linear.builder().setInFeatures(h).setOutFeatures(h).build());
        transformLayerNorm = transform.add("LayerNorm",
                LayerNorm.builder().setSize(h).optEps(config.getLayerNormEps()).build());
        act = Activations.forName(config.getHiddenAct());
        decoderWeight = config.isTieWordEmbeddings() ? wordEmbeddings
                : addWeight("decoder.weight", Parameter.Type.WEIGHT, new Shape(config.getVocabSize(), h));
        bias = addWeight("bias", Parameter.Type.BIAS, new Shape(config.getVocabSize()));
    }

    public NDArray forward(ParameterStore ps, NDArray hidden, boolean training) {
        NDArray x = transformLayerNorm.forward(ps, act.apply(transformDense.forward(ps, hidden, training)), training);
        return ai.djl.nn.core.Linear.linear(x, value(ps, decoderWeight, x, training),
                value(ps, bias, x, training)).head();
    }

    /** Whether the decoder weight is the word-embedding tensor. */
    public boolean isTied() {
        return !getDirectParameters().contains("decoder.weight");
    }
}
