package dev.sparkbert.core.nn;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.heads.HeadOutput;
import dev.sparkbert.core.loss.LossTarget;
import java.util.List;
import java.util.Map;

/**
 * A whole network that a Hugging Face checkpoint describes: the bare {@link BertModel} or one of
 * the heads. Weight loading, saving and training work on this interface.
 */
public interface BertNetwork {

    BertConfig getConfig();

    /** The HF architecture name written to {@code config.json}'s {@code architectures}. */
    default String getArchitecture() {
        return getClass().getSimpleName();
    }

    /** Every parameter by HF state-dict key; tied weights appear once. */
    Map<String, Parameter> namedParameters();

    /** The declared shape of every parameter, keyed like {@link #namedParameters()}. */
    Map<String, Shape> namedShapes();

    /**
     * HF state-dict keys of weights that alias another parameter (the MLM decoder tied to the word
     * embeddings), mapped to the key they alias. Checkpoints may contain them; we never save them.
     */
    default Map<String, String> tiedKeys() {
        return Map.of();
    }

    /**
     * Floats this network outputs per token: the vocabulary size for the language-model heads,
     * whose logits are then the largest activation; 0 for the others. Sizes forward passes
     * ({@link dev.sparkbert.core.util.ActivationBudget}).
     */
    default int perTokenOutputs() {
        return 0;
    }

    /** True for the bare {@link BertModel}, whose keys carry no {@code bert.} prefix. */
    default boolean isBaseModel() {
        return false;
    }

    /**
     * The terms of this head's loss for the labels in {@code inputs}, from the inputs alone (no
     * forward pass): their counts are known before the outputs. Empty when the labels are absent.
     */
    default List<LossTarget> lossTargets(BertInputs inputs) {
        return List.of();
    }

    /** The forward pass; the loss terms are computed when the head's labels are in {@code inputs}. */
    HeadOutput forward(ParameterStore ps, BertInputs inputs, boolean training);

    /** Inference forward pass (dropout off). */
    default HeadOutput forward(BertInputs inputs) {
        return forward(new ParameterStore(inputs.inputIds().getManager(), false), inputs, false);
    }
}
