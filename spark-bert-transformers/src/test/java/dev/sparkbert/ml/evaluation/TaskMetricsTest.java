package dev.sparkbert.ml.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TaskMetricsTest {

    @Test
    void bioSequencesGiveSeqevalEntities() {
        assertEquals(Set.of("PER:0:1", "LOC:3:3", "ORG:4:4", "MISC:6:6"),
                TaskMetrics.bioEntities(List.of("B-PER", "I-PER", "O", "B-LOC", "I-ORG", "O", "I-MISC")));
    }

    @Test
    void entityCountsNeedExactSpanAndType() {
        TaskMetrics.EntityCounts c = new TaskMetrics.EntityCounts();
        c.add(Set.of("PER:0:1", "LOC:3:3"), Set.of("PER:0:1", "LOC:3:4", "ORG:5:5"));
        assertEquals(1.0 / 3, c.precision(), 1e-12);
        assertEquals(0.5, c.recall(), 1e-12);
        assertEquals(0.4, c.f1(), 1e-12);
    }

    @Test
    void predictedCharSpansMapToWords() {
        List<String> words = List.of("Anna", "Berg", "visited", "Oslo");
        assertEquals(Set.of("PER:0:1", "LOC:3:3"), TaskMetrics.wordEntities(String.join(" ", words), words,
                List.of("PER", "LOC"), List.of(new int[] {0, 9}, new int[] {18, 22})));
        // Any whitespace between the words.
        assertEquals(Set.of("PER:0:1", "LOC:3:3"), TaskMetrics.wordEntities("Anna\tBerg  visited Oslo", words,
                List.of("PER", "LOC"), List.of(new int[] {0, 9}, new int[] {19, 23})));
    }

    @Test
    void squadScoresNormaliseCasePunctuationAndArticles() {
        assertEquals(1.0, TaskMetrics.exactMatch("The Eiffel tower!", List.of("eiffel tower", "Paris")));
        assertEquals(0.0, TaskMetrics.exactMatch("tower", List.of("eiffel tower")));
        assertEquals(2.0 / 3, TaskMetrics.answerF1("tower", List.of("eiffel tower")), 1e-12);
        assertEquals(0.0, TaskMetrics.answerF1("", List.of("eiffel tower")), 1e-12);
    }
}
