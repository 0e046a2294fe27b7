package dev.sparkbert.core.heads;

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
}
