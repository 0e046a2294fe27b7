package dev.sparkbert.training;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.ml.SparkTestSession;
import org.junit.jupiter.api.function.Executable;

/** What the training tests share: the tiny fixture encoder, dropout settings and error-message checks. */
public final class TrainingTests {

    private TrainingTests() {}

    /** The tiny HF BertModel of the fixtures (hidden 32, 2 layers, 64 positions). */
    static String tinyEncoder() {
        return SparkTestSession.fixtures().resolve("bert_model").toString();
    }

    /** An HF config.json's text with both dropout probabilities (hidden, attention) set to {@code p}. */
    public static String withDropout(String configJson, double p) {
        return BertConfig.fromJson(configJson).toBuilder().optHiddenDropoutProb(p).optAttentionProbsDropoutProb(p)
                .build().toJson();
    }

    /** Runs {@code run}, expects it to fail, and expects {@code fragment} in the messages of the failure's causes. */
    static void assertFailsWith(Executable run, String fragment) {
        Exception e = assertThrows(Exception.class, run);
        String all = SparkTestSession.messages(e);
        assertTrue(all.contains(fragment), all);
    }
}
