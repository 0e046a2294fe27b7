package dev.sparkbert.core.heads;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.sparkbert.core.loss.Losses;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the three heads with {@code cls.predictions} share. */
final class LanguageModelHeads {

    private LanguageModelHeads() {}

    /**
     * Keys that alias other parameters: {@code cls.predictions.decoder.bias} is HF's alias of {@code
     * cls.predictions.bias}; with tied embeddings {@code decoder.weight} aliases the word embeddings.
     */
    static Map<String, String> tiedKeys(BertLMPredictionHead predictions) {
        Map<String, String> tied = new LinkedHashMap<>();
        tied.put("cls.predictions.decoder.bias", "cls.predictions.bias");
        if (predictions.isTied()) {
            tied.put("cls.predictions.decoder.weight", "bert.embeddings.word_embeddings.weight");
        }
        return tied;
    }

    /**
     * What the decoder reads: the hidden states (batch, seq, hidden) as they are, or, when {@link
     * BertInputs#logitsAtLabelsOnly()} and labels are given, the rows at labelled positions (labelled, hidden).
     */
    static NDArray decoderInput(NDArray hidden, BertInputs in) {
        if (!atLabelsOnly(in)) {
            return hidden;
        }
        long width = hidden.getShape().get(hidden.getShape().dimension() - 1);
        return hidden.reshape(-1, width).get(new NDIndex("{}", labelledPositions(in.labels())));
    }

    /** The labels matching {@link #decoderInput}'s rows: as given, or the labelled ones (labelled). */
    static NDArray decoderLabels(BertInputs in) {
        return atLabelsOnly(in) ? in.labels().reshape(-1).get(new NDIndex("{}", labelledPositions(in.labels())))
                : in.labels();
    }

    private static boolean atLabelsOnly(BertInputs in) {
        return in.logitsAtLabelsOnly() && in.labels() != null;
    }

    /** Flat indices (labelled) of the labels that are not ignored. */
    private static NDArray labelledPositions(NDArray labels) {
        return labels.reshape(-1).neq(Losses.IGNORE_INDEX).nonzero().squeeze(1);
    }
}
