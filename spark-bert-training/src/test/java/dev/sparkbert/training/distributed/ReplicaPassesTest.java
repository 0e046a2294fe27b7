package dev.sparkbert.training.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertHeads;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.loss.Losses;
import dev.sparkbert.training.data.Example;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaPassesTest {

    /** MiniLM's fp32 pass overhead. */
    private static final int OVERHEAD = 59;

    /** all-MiniLM-L6-v2's shape. */
    private static final BertConfig MINILM = BertConfig.builder().setVocabSize(30522).setHiddenSize(384)
            .setNumHiddenLayers(6).setNumAttentionHeads(12).setIntermediateSize(1536).build();

    private static List<Example> examples(int n, int tokens, int choices) {
        return examples(n, tokens, choices, 0);
    }

    /** Examples whose first {@code masked} tokens carry a masked-LM label. */
    private static List<Example> examples(int n, int tokens, int choices, int masked) {
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long[] ids = new long[tokens * choices];
            long[] labels = new long[tokens];
            Arrays.fill(labels, Losses.IGNORE_INDEX);
            Arrays.fill(labels, 0, masked, 7);
            out.add(Example.unplaced(ids, ids, ids, choices, 0, null, masked > 0 ? labels : null, 0).withIndex(i));
        }
        return out;
    }

    private static List<Integer> sizes(List<List<Example>> chunks) {
        return chunks.stream().map(List::size).toList();
    }

    private static List<List<Example>> passes(List<Example> examples, int maxExamples, BertNetwork net) {
        return ReplicaTrainer.passes(examples, maxExamples, net, OVERHEAD);
    }

    @Test
    void aSquadBatchIsCutSoItsAttentionScoresStayUnderTheBudget() {
        var qa = BertHeads.create("BertForQuestionAnswering", MINILM);
        // 16 windows of 256 tokens: 10 fit, so two passes of 8; with 4 accumulation steps, 4 per pass.
        assertEquals(List.of(8, 8), sizes(passes(examples(16, 256, 1), 16, qa)));
        assertEquals(List.of(4, 4, 4, 4), sizes(passes(examples(16, 256, 1), 4, qa)));
    }

    @Test
    void shortSequencesOfOneLengthStayInOnePass() {
        var cls = BertHeads.create("BertForSequenceClassification", MINILM);
        assertEquals(List.of(32), sizes(passes(examples(32, 64, 1), 32, cls)));
    }

    @Test
    void mixedLengthsArePassedLongestFirstAndCutWherePaddingCostsMoreThanAPass() {
        var cls = BertHeads.create("BertForSequenceClassification", MINILM);
        List<Example> mixed = new ArrayList<>(examples(14, 10, 1));
        mixed.add(examples(1, 60, 1).get(0).withIndex(20));
        mixed.add(examples(1, 60, 1).get(0).withIndex(21));
        List<List<Example>> passes = passes(mixed, 16, cls);
        assertEquals(List.of(2, 14), sizes(passes));
        assertEquals(List.of(20L, 21L), passes.get(0).stream().map(Example::index).toList());
        assertEquals(List.of(0L, 1L, 2L), passes.get(1).subList(0, 3).stream().map(Example::index).toList());
    }

    @Test
    void languageModelLogitsAndChoicesCountAgainstTheBudget() {
        var mlm = BertHeads.create("BertForMaskedLM", MINILM);
        // Logits only at the labelled positions: 20 of 128 tokens x 30,522 -> 13 sequences per pass, not 2.
        assertEquals(List.of(10, 11, 11), sizes(passes(examples(32, 128, 1, 20), 32, mlm)).stream().sorted().toList());
        assertEquals(List.of(2, 2, 2), sizes(passes(examples(6, 128, 1, 128), 6, mlm)));
        var choice = BertHeads.create("BertForMultipleChoice", MINILM);
        // 4 choices of 256 tokens are 4 sequences: 10 / 4 = 2 examples per pass.
        assertEquals(List.of(2, 2), sizes(passes(examples(4, 256, 4), 4, choice)));
    }
}
