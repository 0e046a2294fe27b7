package dev.sparkbert.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkbert.core.loss.Losses;
import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.ml.SparkTestSession;
import java.util.ArrayList;
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
            PretrainingExamples maker = new PretrainingExamples(false, 0.15, false, 1, 1024);
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

    @Test
    void nextSentencePairsAreHalfTrueHalfRandomWithSegmentIds() throws Exception {
        try (BertTokenizer tok = tokenizer()) {
            List<Example> out = new ArrayList<>();
            PretrainingExamples maker = new PretrainingExamples(true, 0.15, true, 1, 1024);
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
