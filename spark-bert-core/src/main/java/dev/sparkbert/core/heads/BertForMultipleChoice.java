package dev.sparkbert.core.heads;

import java.util.List;
import dev.sparkbert.core.loss.LossTarget;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.nn.EncoderOutput;
import dev.sparkbert.core.nn.Linear;

/**
 * HF {@code BertForMultipleChoice}: inputs (batch, choices, seq) are encoded as batch x choices
 * sequences; a one-unit {@code classifier} on each pooled output gives logits (batch, choices);
 * labels (batch) are the index of the right choice.
 */
public final class BertForMultipleChoice extends BertHead {

    private final Linear classifier;

    public BertForMultipleChoice(BertConfig config) {
        super(config, true);
        classifier = addModule("classifier", Linear.builder().setInFeatures(config.getHiddenSize())
                .setOutFeatures(1).build());
    }

    @Override
    public HeadOutput forward(ParameterStore ps, BertInputs in, boolean training) {
        Shape s = in.inputIds().getShape();
        if (s.dimension() != 3) {
            throw new IllegalArgumentException("multiple choice input_ids must have shape (batch, choices, seq), got "
                    + s);
        }
        long batch = s.get(0);
        long choices = s.get(1);
        EncoderOutput out = bert.forward(ps, flat(in.inputIds()), flat(in.tokenTypeIds()),
                flat(in.attentionMask()), training, in.outputHiddenStates());
        NDArray logits = classifier.forward(ps, classifierDropout(out.pooledOutput(), training), training)
                .reshape(batch, choices);
        return HeadOutput.of(named("logits", logits), lossTargets(in), out.hiddenStates());
    }

    @Override
    public List<LossTarget> lossTargets(BertInputs in) {
        return in.labels() == null ? List.of() : List.of(LossTarget.crossEntropy("multiple_choice", "logits",
                in.labels()));
    }

    private static NDArray flat(NDArray a) {
        return a == null ? null : a.reshape(-1, a.getShape().get(a.getShape().dimension() - 1));
    }
}
