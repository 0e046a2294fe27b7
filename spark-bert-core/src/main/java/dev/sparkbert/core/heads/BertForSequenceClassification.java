package dev.sparkbert.core.heads;

import java.util.List;
import dev.sparkbert.core.loss.LossTarget;
import dev.sparkbert.core.config.ProblemType;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;
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
        return HeadOutput.of(named("logits", logits), lossTargets(in), out.hiddenStates());
    }

    @Override
    public List<LossTarget> lossTargets(BertInputs in) {
        NDArray labels = in.labels();
        if (labels == null) {
            return List.of();
        }
        DataType t = labels.getDataType();
        switch (ProblemType.of(config, t != DataType.INT64 && t != DataType.INT32)) {
            case REGRESSION:
                return List.of(LossTarget.mse("regression", "logits", labels));
            case SINGLE_LABEL_CLASSIFICATION:
                return List.of(LossTarget.crossEntropy("single_label", "logits", labels));
            default:
                return List.of(LossTarget.bceWithLogits("multi_label", "logits", labels));
        }
    }
}
