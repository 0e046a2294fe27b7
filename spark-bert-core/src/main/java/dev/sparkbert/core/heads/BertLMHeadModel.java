package dev.sparkbert.core.heads;

import java.util.List;
import dev.sparkbert.core.loss.LossTarget;
import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.loss.Losses;
import dev.sparkbert.core.nn.EncoderOutput;
import java.util.Map;

/**
 * HF {@code BertLMHeadModel}: a left-to-right language model (the config's {@code is_decoder} turns
 * on the causal mask). Logits (batch, seq, vocab); labels (batch, seq) are the input ids themselves
 * (-100 to ignore): the loss predicts token t+1 from positions up to t.
 */
public final class BertLMHeadModel extends BertHead {

    private final BertClsHeads cls;

    public BertLMHeadModel(BertConfig config) {
        super(config, false);
        cls = addModule("cls", new BertClsHeads(config, this, true, false));
    }

    @Override
    public HeadOutput forward(ParameterStore ps, BertInputs in, boolean training) {
        EncoderOutput out = bert.forward(ps, in.inputIds(), in.tokenTypeIds(), in.attentionMask(), training,
                in.outputHiddenStates());
        NDArray logits = cls.predictions.forward(ps, out.lastHiddenState(), training);
        return HeadOutput.of(named("logits", logits), lossTargets(in), out.hiddenStates());
    }

    /** Position t predicts token t+1: logits without the last position against labels without the first. */
    @Override
    public List<LossTarget> lossTargets(BertInputs in) {
        if (in.labels() == null) {
            return List.of();
        }
        long seq = in.inputIds().getShape().get(1);
        return List.of(LossTarget.crossEntropy("causal_lm", outputs -> outputs.get("logits").get(":, :" + (seq - 1)
                + ", :"), in.labels().get(":, 1:"), Losses.IGNORE_INDEX, 1));
    }

    @Override
    public int perTokenOutputs() {
        return config.getVocabSize();
    }

    @Override
    public Map<String, String> tiedKeys() {
        return LanguageModelHeads.tiedKeys(cls.predictions);
    }
}
