package dev.sparkbert.core.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.loss.Losses;
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
        NDArray loss = in.labels() == null ? null : Losses.crossEntropy(logits, in.labels());
        return new HeadOutput(loss, named("logits", logits), out.hiddenStates());
    }
}
