package dev.sparkbert.core.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.loss.Losses;
import dev.sparkbert.core.nn.EncoderOutput;
import dev.sparkbert.core.nn.Linear;

/**
 * HF {@code BertForSequenceClassification}: dropout and a {@code classifier} over the pooled output.
 * Logits (batch, num_labels).
 *
 * <p>The loss follows {@code problem_type}, inferred as HF does when the config leaves it unset:
 * one label means regression (MSE), integer labels single-label classification (cross entropy),
 * float labels multi-label classification (binary cross entropy with logits).
 */
public final class BertForSequenceClassification extends BertHead {

    private final Linear classifier;

    public BertForSequenceClassification(BertConfig config) {
        super(config, true);
        classifier = addModule("classifier", Linear.builder().setInFeatures(config.getHiddenSize())
                .setOutFeatures(config.getNumLabels()).build());
    }

    @Override
    public HeadOutput forward(ParameterStore ps, BertInputs in, boolean training) {
        EncoderOutput out = bert.forward(ps, in.inputIds(), in.tokenTypeIds(), in.attentionMask(), training,
                in.outputHiddenStates());
        NDArray logits = classifier.forward(ps, classifierDropout(out.pooledOutput(), training), training);
        NDArray loss = in.labels() == null ? null : loss(logits, in.labels());
        return new HeadOutput(loss, named("logits", logits), out.hiddenStates());
    }

    /** The problem type HF would use for these labels. */
    public String problemType(NDArray labels) {
        if (config.getProblemType() != null) {
            return config.getProblemType();
        }
        if (config.getNumLabels() == 1) {
            return "regression";
        }
        DataType t = labels.getDataType();
        return t == DataType.INT64 || t == DataType.INT32 ? "single_label_classification"
                : "multi_label_classification";
    }

    private NDArray loss(NDArray logits, NDArray labels) {
        switch (problemType(labels)) {
            case "regression":
                return config.getNumLabels() == 1 ? Losses.mse(logits, labels)
                        : Losses.mse(logits, labels.reshape(logits.getShape()));
            case "single_label_classification":
                return Losses.crossEntropy(logits, labels);
            default:
                return Losses.binaryCrossEntropyWithLogits(logits, labels);
        }
    }
}
