package dev.sparkbert.training.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertHeads;
import dev.sparkbert.core.loss.Losses;
import dev.sparkbert.training.data.Example;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryChunksTest {

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

    @Test
    void aSquadBatchIsCutSoItsAttentionScoresStayUnderTheBudget() {
        var qa = BertHeads.create("BertForQuestionAnswering", MINILM);
        // 16 windows of 256 tokens: 10 fit, so two chunks of 8; two accumulation micro-batches stay apart.
        List<List<Example>> chunks = ReplicaTrainer.memoryChunks(
                List.of(examples(16, 256, 1), examples(3, 256, 1)), qa);
        assertEquals(List.of(8, 8, 3), sizes(chunks));
        assertEquals(19, chunks.stream().mapToInt(List::size).sum());
    }

    @Test
    void shortSequencesStayInOnePass() {
        var cls = BertHeads.create("BertForSequenceClassification", MINILM);
        assertEquals(List.of(32), sizes(ReplicaTrainer.memoryChunks(List.of(examples(32, 64, 1)), cls)));
    }

    @Test
    void languageModelLogitsAndChoicesCountAgainstTheBudget() {
        var mlm = BertHeads.create("BertForMaskedLM", MINILM);
        // Logits only at the labelled positions: 20 of 128 tokens x 30,522 -> 13 sequences per pass, not 2.
        assertEquals(List.of(10, 11, 11), sizes(ReplicaTrainer.memoryChunks(List.of(examples(32, 128, 1, 20)), mlm)));
        assertEquals(List.of(2, 2, 2), sizes(ReplicaTrainer.memoryChunks(List.of(examples(6, 128, 1, 128)), mlm)));
        var choice = BertHeads.create("BertForMultipleChoice", MINILM);
        // 4 choices of 256 tokens are 4 sequences: 10 / 4 = 2 examples per pass.
        assertEquals(List.of(2, 2), sizes(ReplicaTrainer.memoryChunks(List.of(examples(4, 256, 4)), choice)));
    }
}
