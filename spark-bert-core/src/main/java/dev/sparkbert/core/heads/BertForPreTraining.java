package dev.sparkbert.core.heads;

import java.util.List;
import dev.sparkbert.core.loss.LossTarget;
import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.nn.EncoderOutput;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HF {@code BertForPreTraining}: masked-LM {@code prediction_logits} (batch, seq, vocab) and
 * next-sentence {@code seq_relationship_logits} (batch, 2); with {@link BertInputs#logitsAtLabelsOnly()}
 * the prediction logits are (labelled, vocab), for the masked positions only. The loss, when both {@code labels} and
 * {@code next_sentence_label} are given, is the sum of the two cross entropies.
 */
public final class BertForPreTraining extends BertHead {

    private final BertClsHeads cls;

    public BertForPreTraining(BertConfig config) {
        super(config, true);
        cls = addModule("cls", new BertClsHeads(config, this, true, true));
    }

    @Override
    public HeadOutput forward(ParameterStore ps, BertInputs in, boolean training) {
        EncoderOutput out = bert.forward(ps, in.inputIds(), in.tokenTypeIds(), in.attentionMask(), training,
                in.outputHiddenStates());
        NDArray prediction = cls.predictions.forward(ps,
                LanguageModelHeads.decoderInput(out.lastHiddenState(), in), training);
        NDArray relationship = cls.seqRelationship.forward(ps, out.pooledOutput(), training);
        Map<String, NDArray> named = new LinkedHashMap<>();
        named.put("prediction_logits", prediction);
        named.put("seq_relationship_logits", relationship);
        return HeadOutput.of(named, lossTargets(in), out.hiddenStates());
    }

    /** Both terms, when both labels are given (as HF: no loss with one of them alone). */
    @Override
    public List<LossTarget> lossTargets(BertInputs in) {
        if (in.labels() == null || in.nextSentenceLabel() == null) {
            return List.of();
        }
        return List.of(LossTarget.crossEntropy("masked_lm", "prediction_logits",
                LanguageModelHeads.decoderLabels(in)),
                LossTarget.crossEntropy("next_sentence", "seq_relationship_logits", in.nextSentenceLabel()));
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
