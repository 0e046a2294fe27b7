package dev.sparkbert.core.heads;

import java.util.List;
import dev.sparkbert.core.loss.LossTarget;
import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.nn.EncoderOutput;
import java.util.Map;

/**
 * HF {@code BertForMaskedLM}: vocabulary logits (batch, seq, vocab) from {@code cls.predictions};
 * labels (batch, seq) hold the original token at masked positions and -100 elsewhere. With
 * {@link BertInputs#logitsAtLabelsOnly()} the logits are (labelled, vocab), for the masked positions only.
 */
public final class BertForMaskedLM extends BertHead {

    private final BertClsHeads cls;

    public BertForMaskedLM(BertConfig config) {
        super(config, false);
        cls = addModule("cls", new BertClsHeads(config, this, true, false));
    }

    @Override
    public HeadOutput forward(ParameterStore ps, BertInputs in, boolean training) {
        EncoderOutput out = bert.forward(ps, in.inputIds(), in.tokenTypeIds(), in.attentionMask(), training,
                in.outputHiddenStates());
        NDArray logits = cls.predictions.forward(ps,
                LanguageModelHeads.decoderInput(out.lastHiddenState(), in), training);
        return HeadOutput.of(named("logits", logits), lossTargets(in), out.hiddenStates());
    }

    @Override
    public List<LossTarget> lossTargets(BertInputs in) {
        return in.labels() == null ? List.of() : List.of(LossTarget.crossEntropy("masked_lm", "logits",
                LanguageModelHeads.decoderLabels(in)));
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
