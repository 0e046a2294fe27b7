package dev.sparkbert.core.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.loss.Losses;
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
        NDArray loss = in.labels() == null ? null : Losses.crossEntropy(logits, in.labels());
        return new HeadOutput(loss, named("logits", logits), out.hiddenStates());
    }
}
