package dev.sparkbert.training;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkbert.ml.SparkTestSession;
import org.junit.jupiter.api.function.Executable;

/** What the estimator tests share: the tiny fixture encoder and error-message checks. */
final class TrainingTests {

    private TrainingTests() {}

    /** The tiny HF BertModel of the fixtures (hidden 32, 2 layers, 64 positions). */
    static String tinyEncoder() {
        return SparkTestSession.fixtures().resolve("bert_model").toString();
    }

    /** Runs {@code run}, expects it to fail, and expects {@code fragment} in the messages of the failure's causes. */
    static void assertFailsWith(Executable run, String fragment) {
        Exception e = assertThrows(Exception.class, run);
        String all = SparkTestSession.messages(e);
        assertTrue(all.contains(fragment), all);
    }
}
