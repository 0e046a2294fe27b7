package dev.sparkbert.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sparkbert.core.config.BertConfig;
import org.junit.jupiter.api.Test;

class ActivationBudgetTest {

    /** all-MiniLM-L6-v2's shape: 12 heads, intermediate size 1536. */
    private static final BertConfig MINILM = BertConfig.builder().setVocabSize(30522).setHiddenSize(384)
            .setNumHiddenLayers(6).setNumAttentionHeads(12).setIntermediateSize(1536).build();

    @Test
    void longSequencesAreLimitedByTheAttentionScores() {
        // 12 heads x 256 x 256 floats = 3 MiB per sequence: 10 fit in 32 MiB (SQuAD at 256 used 32).
        assertEquals(10, ActivationBudget.maxSequences(MINILM, 0, 256));
        assertEquals(2, ActivationBudget.maxSequences(MINILM, 0, 512));
    }

    @Test
    void shortSequencesAreLimitedByTheFeedForwardIntermediate() {
        // 64 x 1536 floats = 384 KiB per sequence (more than 12 x 64 x 64): 85 fit.
        assertEquals(85, ActivationBudget.maxSequences(MINILM, 0, 64));
    }

    @Test
    void languageModelHeadsAreLimitedByTheirVocabularyLogits() {
        // 128 x 30522 floats = 15 MiB per sequence: 2 fit.
        assertEquals(2, ActivationBudget.maxSequences(MINILM, 30522, 128));
    }

    @Test
    void aSequenceTooLongForTheBudgetStillRunsAlone() {
        assertEquals(1, ActivationBudget.maxSequences(MINILM, 0, 4096));
    }
}
