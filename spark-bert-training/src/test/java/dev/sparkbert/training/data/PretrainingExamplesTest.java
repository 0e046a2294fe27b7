package dev.sparkbert.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkbert.core.loss.Losses;
import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.ml.SparkTestSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PretrainingExamplesTest {

    private static final String DOC = "the cat sat on the mat .\nit was a sunny day in the city .\n"
            + "people walked in the park and talked .\nthe dog ran after a ball .\nthen it rained all night .";

    private static BertTokenizer tokenizer() throws Exception {
        return BertTokenizer.builder(SparkTestSession.fixtures().resolve("bert_model")).optMaxLength(32).build();
    }

    @Test
    void aboutFifteenPercentOfTokensAreChosenAndMostBecomeMask() throws Exception {
        try (BertTokenizer tok = tokenizer()) {
            List<Example> out = new ArrayList<>();
            PretrainingExamples maker = new PretrainingExamples(false, MlmMasking.of(tok, 0.15, false, 1024), 1);
            for (int d = 0; d < 40; d++) {
                maker.add(DOC.replace("cat", "cat" + d), tok, out);
            }
            long chosen = 0;
            long tokens = 0;
            long masked = 0;
            long mask = tok.tokenToId("[MASK]");
            for (Example e : out) {
                assertTrue(e.inputIds().length <= 32);
                assertEquals(tok.tokenToId("[CLS]"), e.inputIds()[0]);
                assertEquals(Losses.IGNORE_INDEX, e.tokenLabels()[0]);
                tokens += e.inputIds().length - 2;
                for (int k = 0; k < e.inputIds().length; k++) {
                    if (e.tokenLabels()[k] != Losses.IGNORE_INDEX) {
                        chosen++;
                        masked += e.inputIds()[k] == mask ? 1 : 0;
                    }
                }
            }
            assertEquals(0.15, (double) chosen / tokens, 0.02);
            assertEquals(0.8, (double) masked / chosen, 0.08);
        }
    }

    /**
     * Without static masks the examples stay unmasked and every training slot draws its own masks,
     * the same for the same (seed, slot): new masks each epoch, reproducible across runs and workers.
     */
    @Test
    void dynamicMasksAreDrawnPerSlotAndKeepWholeWords() throws Exception {
        try (BertTokenizer tok = tokenizer()) {
            List<Example> out = new ArrayList<>();
            new PretrainingExamples(false, null, 1).add("unbelievably, the snowboarders reconsidered "
                    + "everything .\n" + DOC, tok, out);
            Example e = out.get(0);
            assertNull(e.tokenLabels());
            MlmMasking words = MlmMasking.of(tok, 0.3, true, 1024);
            Example a = words.apply(e, 7, 100);
            assertArrayEquals(a.tokenLabels(), words.apply(e, 7, 100).tokenLabels(), "same seed and slot");
            assertTrue(!Arrays.equals(a.tokenLabels(), words.apply(e, 7, 101).tokenLabels()), "another slot");
            assertTrue(!Arrays.equals(a.tokenLabels(), words.apply(e, 8, 100).tokenLabels()), "another seed");
            // A chosen word piece "##x" is chosen with the piece before it, for every draw.
            int pieces = 0;
            for (long slot = 0; slot < 50; slot++) {
                long[] labels = words.apply(e, 7, slot).tokenLabels();
                for (int k = 1; k < labels.length; k++) {
                    if (tok.idToToken(e.inputIds()[k]).startsWith("##")) {
                        pieces++;
                        assertEquals(labels[k] == Losses.IGNORE_INDEX, labels[k - 1] == Losses.IGNORE_INDEX,
                                "slot " + slot + " position " + k);
                    }
                }
                for (int k = 0; k < labels.length; k++) {
                    assertTrue(labels[k] == Losses.IGNORE_INDEX || labels[k] == e.inputIds()[k]);
                }
            }
            assertTrue(pieces > 0, "the text has word pieces");
            assertEquals(Losses.IGNORE_INDEX, a.tokenLabels()[0]);
            assertEquals(Losses.IGNORE_INDEX, a.tokenLabels()[a.tokenLabels().length - 1]);
        }
    }

    @Test
    void nextSentencePairsAreHalfTrueHalfRandomWithSegmentIds() throws Exception {
        try (BertTokenizer tok = tokenizer()) {
            List<Example> out = new ArrayList<>();
            PretrainingExamples maker = new PretrainingExamples(true, MlmMasking.of(tok, 0.15, true, 1024), 1);
            for (int d = 0; d < 40; d++) {
                maker.add(DOC.replace("dog", "dog" + d), tok, out);
            }
            long random = out.stream().filter(e -> e.aux() == 1).count();
            assertEquals(0.5, (double) random / out.size(), 0.15);
            long sep = tok.tokenToId("[SEP]");
            for (Example e : out) {
                long seps = java.util.stream.IntStream.range(0, e.inputIds().length)
                        .filter(k -> e.inputIds()[k] == sep && e.tokenLabels()[k] == Losses.IGNORE_INDEX).count();
                assertEquals(2, seps);
                assertEquals(1, e.typeIds()[e.typeIds().length - 1]);
                assertEquals(0, e.typeIds()[1]);
            }
        }
    }
}
