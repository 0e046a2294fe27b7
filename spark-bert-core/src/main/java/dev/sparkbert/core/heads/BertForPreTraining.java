package dev.sparkbert.core.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.loss.Losses;
import dev.sparkbert.core.nn.EncoderOutput;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HF {@code BertForPreTraining}: masked-LM {@code prediction_logits} (batch, seq, vocab) and
 * next-sentence {@code seq_relationship_logits} (batch, 2). The loss, when both {@code labels} and
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
        NDArray prediction = cls.predictions.forward(ps, out.lastHiddenState(), training);
        NDArray relationship = cls.seqRelationship.forward(ps, out.pooledOutput(), training);
        NDArray loss = null;
        if (in.labels() != null && in.nextSentenceLabel() != null) {
            loss = Losses.crossEntropy(prediction, in.labels())
                    .add(Losses.crossEntropy(relationship, in.nextSentenceLabel()));
        }
        Map<String, NDArray> named = new LinkedHashMap<>();
        named.put("prediction_logits", prediction);
        named.put("seq_relationship_logits", relationship);
        return new HeadOutput(loss, named, out.hiddenStates());
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
