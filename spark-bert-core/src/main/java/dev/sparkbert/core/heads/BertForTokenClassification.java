package dev.sparkbert.core.heads;

import java.util.List;
import dev.sparkbert.core.loss.LossTarget;
import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.nn.EncoderOutput;
import dev.sparkbert.core.nn.Linear;

/**
 * HF {@code BertForTokenClassification}: dropout and a {@code classifier} on every token. Logits
 * (batch, seq, num_labels); labels (batch, seq) with -100 for tokens left out of the loss.
 */
public final class BertForTokenClassification extends BertHead {

    private final Linear classifier;

    public BertForTokenClassification(BertConfig config) {
        super(config, false);
        classifier = addModule("classifier", Linear.builder().setInFeatures(config.getHiddenSize())
                .setOutFeatures(config.getNumLabels()).build());
    }

    @Override
    public HeadOutput forward(ParameterStore ps, BertInputs in, boolean training) {
        EncoderOutput out = bert.forward(ps, in.inputIds(), in.tokenTypeIds(), in.attentionMask(), training,
                in.outputHiddenStates());
        NDArray logits = classifier.forward(ps, classifierDropout(out.lastHiddenState(), training), training);
        return HeadOutput.of(named("logits", logits), lossTargets(in), out.hiddenStates());
    }

    @Override
    public List<LossTarget> lossTargets(BertInputs in) {
        return in.labels() == null ? List.of() : List.of(LossTarget.crossEntropy("token_classification", "logits",
                in.labels()));
    }
}
