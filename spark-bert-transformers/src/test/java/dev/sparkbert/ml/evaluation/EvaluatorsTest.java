package dev.sparkbert.ml.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkbert.ml.SparkTestSession;
import dev.sparkbert.ml.param.HasAnswerCol;
import dev.sparkbert.ml.param.HasEntitiesCol;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorsTest {

    private static final StructType NER = new StructType()
            .add("words", DataTypes.createArrayType(DataTypes.StringType))
            .add("tags", DataTypes.createArrayType(DataTypes.StringType))
            .add("text", DataTypes.StringType)
            .add("entities", DataTypes.createArrayType(HasEntitiesCol.ENTITY));

    private static Row entity(String group, int start, int end) {
        return RowFactory.create(group, "", start, end, 0.9);
    }

    private static Dataset<Row> ner(List<Row> rows) {
        return SparkTestSession.get().createDataFrame(rows, NER).repartition(2);
    }

    /** Two sentences in two partitions: 3 gold entities, 4 predicted, 2 of them exact. */
    private static Dataset<Row> twoSentences() {
        return ner(List.of(
                // Double spaces: entities map to words through the text itself.
                RowFactory.create(List.of("Anna", "Berg", "visited", "New", "York"),
                        List.of("B-PER", "I-PER", "O", "B-LOC", "I-LOC"), "Anna Berg  visited New York",
                        List.of(entity("PER", 0, 9), entity("LOC", 19, 22))),
                RowFactory.create(List.of("Oslo", "is", "cold"), List.of("B-LOC", "O", "O"), "Oslo is cold",
                        List.of(entity("LOC", 0, 4), entity("MISC", 8, 12)))));
    }

    @Test
    void entityMetricsCountExactSpansAndTypesOverAllRows() {
        EntityEvaluator evaluator = new EntityEvaluator();
        Dataset<Row> data = twoSentences();
        assertEquals(0.5, evaluator.setMetricName("precision").evaluate(data), 1e-12);
        assertEquals(2.0 / 3, evaluator.setMetricName("recall").evaluate(data), 1e-12);
        assertEquals(4.0 / 7, evaluator.setMetricName("f1").evaluate(data), 1e-12);
        assertEquals(3, evaluator.counts(data).goldEntities());
        assertTrue(evaluator.isLargerBetter());
    }

    @Test
    void badEntityRowsAreNamed() {
        assertTrue(SparkTestSession.messages(assertThrows(Exception.class, () -> new EntityEvaluator().evaluate(ner(
                List.of(RowFactory.create(List.of("Oslo", "is"), List.of("B-LOC"), "Oslo is", List.of()))))))
                .contains("tags: 1 tags for 2 words (row 0 of partition"));
        assertTrue(SparkTestSession.messages(assertThrows(Exception.class, () -> new EntityEvaluator().evaluate(ner(
                List.of(RowFactory.create(List.of("Oslo", "is"), List.of("B-LOC", "O"), "Bergen is", List.of()))))))
                .contains("text: word 0 'Oslo' is not in the text after char 0"));
        assertTrue(SparkTestSession.messages(assertThrows(Exception.class, () -> new EntityEvaluator().evaluate(ner(
                List.of(RowFactory.create(List.of("Oslo"), List.of("B-LOC"), "Oslo", null))))))
                .contains("entities is null (row 0 of partition"));
        assertTrue(SparkTestSession.messages(assertThrows(Exception.class, () -> new EntityEvaluator().evaluate(ner(
                List.of(RowFactory.create(List.of("Oslo"), List.of("B-LOC"), "Oslo", List.of(entity("LOC", 0, 4),
                        RowFactory.create("LOC", "", null, 4, 0.5))))))))
                .contains("entities: an entity without its group, start or end"));
        assertEquals("no rows to evaluate", assertThrows(IllegalArgumentException.class,
                () -> new EntityEvaluator().evaluate(SparkTestSession.get().createDataFrame(List.of(), NER))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new EntityEvaluator().setTagsCol("labels")
                .evaluate(twoSentences())).getMessage().startsWith("tagsCol: input column 'labels' does not exist"));
    }

    private static Dataset<Row> answers(List<Row> rows, boolean severalGold) {
        StructType schema = new StructType().add("answer", HasAnswerCol.ANSWER).add("answer_text",
                severalGold ? DataTypes.createArrayType(DataTypes.StringType) : DataTypes.StringType);
        return SparkTestSession.get().createDataFrame(rows, schema).repartition(2);
    }

    private static Row answer(String text) {
        return text == null ? null : RowFactory.create(text, 0, text.length(), 0.5);
    }

    @Test
    void squadScoresAverageTheBestGoldAnswerPerQuestion() {
        Dataset<Row> data = answers(List.of(
                RowFactory.create(answer("The Eiffel Tower!"), List.of("Paris", "eiffel tower")),
                RowFactory.create(answer("tower"), List.of("eiffel tower")),
                RowFactory.create(null, List.of("Paris"))), true);
        QuestionAnsweringEvaluator evaluator = new QuestionAnsweringEvaluator();
        assertEquals(100.0 / 3, evaluator.setMetricName("exactMatch").evaluate(data), 1e-9);
        assertEquals(100 * (1 + 2.0 / 3) / 3, evaluator.setMetricName("f1").evaluate(data), 1e-9);
        assertEquals(3, evaluator.scores(data).questions());
        // One gold string per row (the estimator's training column) and a string prediction.
        Dataset<Row> single = answers(List.of(RowFactory.create(answer("a tower"), "Tower"),
                RowFactory.create(answer("x"), "Paris")), false).selectExpr("answer.text AS predicted", "answer_text");
        assertEquals(50.0, new QuestionAnsweringEvaluator().setAnswerCol("predicted").setMetricName("exactMatch")
                .evaluate(single), 1e-9);
    }

    @Test
    void badQuestionAnsweringInputIsNamed() {
        assertTrue(SparkTestSession.messages(assertThrows(Exception.class, () -> new QuestionAnsweringEvaluator()
                .evaluate(answers(List.of(RowFactory.create(answer("x"), null)), true))))
                .contains("answer_text is null (row 0 of partition"));
        assertEquals("no rows to evaluate", assertThrows(IllegalArgumentException.class,
                () -> new QuestionAnsweringEvaluator().evaluate(answers(List.of(), true))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new QuestionAnsweringEvaluator()
                .evaluate(answers(List.of(), true).selectExpr("answer.start AS answer", "answer_text"))).getMessage()
                .startsWith("answerCol: input column 'answer' must be of type"));
        assertThrows(IllegalArgumentException.class, () -> new QuestionAnsweringEvaluator().setMetricName("em"));
    }

    @Test
    void evaluatorsSaveAndLoadWithTheirParams(@TempDir Path dir) throws Exception {
        EntityEvaluator entities = new EntityEvaluator().setMetricName("recall").setTextCol("sentence");
        entities.save(dir.resolve("entities").toString());
        EntityEvaluator e = EntityEvaluator.load(dir.resolve("entities").toString());
        assertEquals(List.of(entities.uid(), "recall", "sentence", "words"),
                List.of(e.uid(), e.getMetricName(), e.getTextCol(), e.getWordsCol()));
        QuestionAnsweringEvaluator qa = new QuestionAnsweringEvaluator().setMetricName("exactMatch")
                .setAnswerTextCol("answers");
        qa.save(dir.resolve("qa").toString());
        QuestionAnsweringEvaluator q = QuestionAnsweringEvaluator.load(dir.resolve("qa").toString());
        assertEquals(List.of("exactMatch", "answers", "answer"), List.of(q.getMetricName(), q.getAnswerTextCol(),
                q.getAnswerCol()));
        assertThrows(java.io.IOException.class, () -> qa.save(dir.resolve("qa").toString()));
        qa.write().overwrite().save(dir.resolve("qa").toString());
    }
}
