package dev.sparkbert.ml.classification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkbert.ml.CoreReference;
import dev.sparkbert.ml.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertSequenceClassificationModelTest {

    private final SparkSession spark = SparkTestSession.get();
    private final Path fixtures = SparkTestSession.fixtures();
    private static final StructType SCHEMA = new StructType().add("id", DataTypes.IntegerType)
            .add("text", DataTypes.StringType).add("pair", DataTypes.StringType).add("gold", DataTypes.StringType);
    private static final String[][] ROWS = {
        {"the film was a delight", "we loved it", "LABEL_1"}, {null, "x", "LABEL_0"}, {"", "", "LABEL_2"},
        {"a long " + "and winding ".repeat(40) + "story", "short", "LABEL_1"}, {"dull", null, "LABEL_0"},
        {"what a great day it is", "sunny", "LABEL_2"}};

    private Dataset<Row> data() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS.length; i++) {
            rows.add(RowFactory.create(i, ROWS[i][0], ROWS[i][1], ROWS[i][2]));
        }
        return spark.createDataFrame(rows, SCHEMA).repartition(3);
    }

    @Test
    void singleLabelOutputsEqualCoreWithPairsNullsAndLongTexts() throws Exception {
        Path dir = fixtures.resolve("seqcls_single_label");
        BertSequenceClassificationModel m = BertSequenceClassificationModel.fromPretrained(dir.toString())
                .setTextPairCol("pair").setPredictedLabelCol("label").setMaxLength(32).setBatchSize(2);
        for (Row r : m.transform(data()).collectAsList()) {
            String text = r.getString(1);
            String pair = r.getString(2);
            if (text == null || pair == null) {
                assertTrue(r.isNullAt(4) && r.isNullAt(5) && r.isNullAt(6) && r.isNullAt(7), "null input, null outputs");
                continue;
            }
            float[] expected = CoreReference.logits(dir, "BertForSequenceClassification", 32, text, pair);
            Vector raw = (Vector) r.get(6);
            int best = 0;
            for (int c = 0; c < expected.length; c++) {
                assertEquals(expected[c], raw.apply(c), 1e-5, "row " + r.getInt(0));
                best = expected[c] > expected[best] ? c : best;
            }
            assertEquals(best, r.getDouble(4));
            assertEquals(1.0, sum((Vector) r.get(5)), 1e-9);
            assertEquals("LABEL_" + best, r.getString(7));
        }
    }

    @Test
    void multiLabelGivesSigmoidsAndLabelsAboveThreshold() throws Exception {
        Path dir = fixtures.resolve("seqcls_multi_label");
        BertSequenceClassificationModel m = BertSequenceClassificationModel.fromPretrained(dir.toString())
                .setThreshold(0.5);
        Row r = m.transform(data().filter("id = 0")).first();
        float[] expected = CoreReference.logits(dir, "BertForSequenceClassification", 128, "the film was a delight", null);
        Vector p = (Vector) r.get(4);
        List<String> chosen = r.getList(6);
        for (int c = 0; c < expected.length; c++) {
            double sigmoid = 1 / (1 + Math.exp(-expected[c]));
            assertEquals(sigmoid, p.apply(c), 1e-5);
            assertEquals(sigmoid >= 0.5, chosen.contains("LABEL_" + c));
        }
    }

    @Test
    void regressionGivesThePredictionOnly() throws Exception {
        Path dir = fixtures.resolve("seqcls_regression");
        Dataset<Row> out = BertSequenceClassificationModel.fromPretrained(dir.toString()).transform(data());
        assertEquals(SCHEMA.size() + 1, out.schema().size());
        Row r = out.filter("id = 5").first();
        float[] expected = CoreReference.logits(dir, "BertForSequenceClassification", 128, "what a great day it is", null);
        assertEquals(expected[0], r.getDouble(4), 1e-5);
    }

    @Test
    void pipelineWithMllibStagesRoundTripsAndWorksWithEvaluators(@TempDir Path tmp) throws Exception {
        Path dir = fixtures.resolve("seqcls_single_label");
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new SQLTransformer().setStatement("SELECT *, coalesce(text, '') AS clean FROM __THIS__"),
            new StringIndexer().setInputCol("gold").setOutputCol("labelIndex"),
            BertSequenceClassificationModel.fromPretrained(dir.toString()).setTextCol("clean")});
        PipelineModel model = pipeline.fit(data());
        String path = tmp.resolve("pipeline").toString();
        model.write().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        List<Row> a = model.transform(data()).orderBy("id").select("id", "prediction", "probability").collectAsList();
        List<Row> b = loaded.transform(data()).orderBy("id").select("id", "prediction", "probability").collectAsList();
        assertEquals(a, b);
        double accuracy = new MulticlassClassificationEvaluator().setLabelCol("labelIndex")
                .setPredictionCol("prediction").setMetricName("accuracy").evaluate(loaded.transform(data()));
        assertTrue(accuracy >= 0 && accuracy <= 1);
        BertSequenceClassificationModel stage = (BertSequenceClassificationModel) loaded.stages()[2];
        assertTrue(stage.getModelLocation().endsWith("data/checkpoint"));
    }

    @Test
    void badLocationIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BertSequenceClassificationModel.fromPretrained("/no/such/checkpoint"));
        assertTrue(e.getMessage().contains("/no/such/checkpoint"), e.getMessage());
    }

    private static double sum(Vector v) {
        double s = 0;
        for (int i = 0; i < v.size(); i++) {
            s += v.apply(i);
        }
        return s;
    }

}
