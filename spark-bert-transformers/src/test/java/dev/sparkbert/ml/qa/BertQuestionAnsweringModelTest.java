package dev.sparkbert.ml.qa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkbert.ml.CoreReference;
import dev.sparkbert.ml.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class BertQuestionAnsweringModelTest {

    private final Path dir = SparkTestSession.fixtures().resolve("question_answering");
    private static final StructType SCHEMA = new StructType().add("question", DataTypes.StringType)
            .add("context", DataTypes.StringType);

    @Test
    void shortContextAnswerIsTheBestSpanOfCoreLogits() throws Exception {
        String q = "where is the cat";
        String c = "the cat sleeps on the red mat";
        Row r = BertQuestionAnsweringModel.fromPretrained(dir.toString()).setMaxAnswerLength(4)
                .transform(df(RowFactory.create(q, c))).first();
        Row answer = r.getStruct(2);
        assertEquals(c.substring(answer.getInt(1), answer.getInt(2)), answer.getString(0));
        float[][] logits = CoreReference.run(dir, "BertForQuestionAnswering", 64, q, c,
                o -> new float[][] {o.get("start_logits").toFloatArray(), o.get("end_logits").toFloatArray()});
        int questionEnd = q.split(" ").length + 2; // [CLS] q [SEP]: context tokens follow (one piece per word here)
        int n = logits[0].length;
        double[] ps = softmax(logits[0], questionEnd, n - 1);
        double[] pe = softmax(logits[1], questionEnd, n - 1);
        double best = 0;
        for (int s = questionEnd; s < n - 1; s++) {
            for (int e = s; e < Math.min(n - 1, s + 4); e++) {
                best = Math.max(best, ps[s] * pe[e]);
            }
        }
        assertEquals(best, answer.getDouble(3), 1e-6);
    }

    @Test
    void longContextsAreWindowedAndTopKIsSorted() {
        String c = "the river runs through the old town and the market sells fresh bread every morning ".repeat(8);
        List<Row> rows = BertQuestionAnsweringModel.fromPretrained(dir.toString()).setDocStride(8).setTopK(3)
                .transform(df(RowFactory.create("what does the market sell", c), RowFactory.create(null, c)))
                .collectAsList();
        for (Row r : rows) {
            if (r.isNullAt(0)) {
                assertTrue(r.isNullAt(2), "null question, null answer");
                continue;
            }
            List<Row> top = r.getList(3);
            assertEquals(3, top.size());
            assertTrue(top.get(0).getDouble(3) >= top.get(1).getDouble(3));
            assertEquals(top.get(0), r.getStruct(2));
            for (Row a : top) {
                assertEquals(c.substring(a.getInt(1), a.getInt(2)), a.getString(0));
            }
        }
    }

    private Dataset<Row> df(Row... rows) {
        return SparkTestSession.get().createDataFrame(List.of(rows), SCHEMA);
    }

    /** Softmax over [CLS] and tokens [from, to), the rest masked, as the stage (and HF) do. */
    private static double[] softmax(float[] logits, int from, int to) {
        double[] p = new double[logits.length];
        double max = logits[0];
        for (int t = from; t < to; t++) {
            max = Math.max(max, logits[t]);
        }
        double sum = Math.exp(logits[0] - max);
        for (int t = from; t < to; t++) {
            sum += Math.exp(logits[t] - max);
        }
        for (int t = from; t < to; t++) {
            p[t] = Math.exp(logits[t] - max) / sum;
        }
        return p;
    }
}
