package dev.sparkbert.core.heads;

import java.util.List;
import dev.sparkbert.core.loss.LossTarget;
import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.nn.EncoderOutput;

/**
 * HF {@code BertForNextSentencePrediction}: {@code cls.seq_relationship} on the pooled output gives
 * logits (batch, 2): index 0 = B follows A, 1 = B is random. Labels (batch).
 */
public final class BertForNextSentencePrediction extends BertHead {

    private final BertClsHeads cls;

    public BertForNextSentencePrediction(BertConfig config) {
        super(config, true);
        cls = addModule("cls", new BertClsHeads(config, this, false, true));
    }

    @Override
    public HeadOutput forward(ParameterStore ps, BertInputs in, boolean training) {
        EncoderOutput out = bert.forward(ps, in.inputIds(), in.tokenTypeIds(), in.attentionMask(), training,
                in.outputHiddenStates());
        NDArray logits = cls.seqRelationship.forward(ps, out.pooledOutput(), training);
        return HeadOutput.of(named("logits", logits), lossTargets(in), out.hiddenStates());
    }

    @Override
    public List<LossTarget> lossTargets(BertInputs in) {
        return in.labels() == null ? List.of() : List.of(LossTarget.crossEntropy("next_sentence", "logits",
                in.labels()));
    }
}
