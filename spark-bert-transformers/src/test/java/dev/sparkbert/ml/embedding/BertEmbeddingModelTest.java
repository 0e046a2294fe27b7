package dev.sparkbert.ml.embedding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.heads.Pooling;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.precision.Precision;
import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.core.tokenize.Encoded;
import dev.sparkbert.core.tokenize.EncodedBatch;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.weights.BertWeights;
import dev.sparkbert.core.weights.EmbeddedModels;
import dev.sparkbert.ml.SparkTestSession;
import dev.sparkbert.ml.exec.ModelCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertEmbeddingModelTest {

    private final SparkSession spark = SparkTestSession.get();
    private static final StructType SCHEMA = new StructType().add("id", DataTypes.IntegerType).add("text",
            DataTypes.StringType);

    private Dataset<Row> texts(String... values) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            rows.add(RowFactory.create(i, values[i]));
        }
        return spark.createDataFrame(rows, SCHEMA).repartition(3);
    }

    /** What spark-bert-core computes for the same texts, one at a time. */
    private static float[][] coreEmbeddings(List<String> texts) throws Exception {
        Path dir = EmbeddedModels.defaultEncoder();
        Engines.noGradOnThisThread();
        try (NDManager m = NDManager.newBaseManager(Engines.PYTORCH);
                BertTokenizer tok = BertTokenizer.builder(dir).optMaxLength(128).build()) {
            BertNetwork net = BertWeights.fromPretrained(dir, "BertModel", m);
            float[][] out = new float[texts.size()][];
            for (int i = 0; i < texts.size(); i++) {
                List<Encoded> enc = List.of(tok.encode(texts.get(i)));
                BertInputs in = EncodedBatch.toInputs(enc, new int[] {0}, 0, m).build();
                out[i] = Pooling.MEAN.apply(net.forward(in), in.attentionMask(), true).toFloatArray();
            }
            return out;
        }
    }

    @Test
    void embeddingsEqualCoreForEveryRowWithNullsAndEmptyStrings() throws Exception {
        String[] values = {"A man is playing a guitar.", null, "", "The weather is lovely today.",
                "x ".repeat(300), "Another sentence, somewhat longer than the first one, with commas.", null};
        int loadsBefore = ModelCache.loadCount();
        List<Row> rows = BertEmbeddingModel.fromPretrained("embedded").transform(texts(values)).collectAsList();
        assertEquals(values.length, rows.size());
        List<String> nonNull = new ArrayList<>();
        Arrays.stream(values).filter(v -> v != null).forEach(nonNull::add);
        float[][] expected = coreEmbeddings(nonNull);
        for (Row r : rows) {
            String text = r.getString(1);
            Vector v = (Vector) r.get(2);
            if (text == null) {
                assertNull(v, "null text gives a null embedding");
                continue;
            }
            float[] e = expected[nonNull.indexOf(text)];
            assertEquals(384, v.size());
            for (int i = 0; i < e.length; i++) {
                assertEquals(e[i], v.apply(i), 2e-5, "row " + r.getInt(0) + " dim " + i);
            }
        }
        assertTrue(ModelCache.loadCount() - loadsBefore <= 1, "model loaded at most once for 3 partitions");
    }

    @Test
    void missingColumnWrongTypeAndExistingOutputAreRefusedBeforeAnyJob() {
        BertEmbeddingModel m = BertEmbeddingModel.fromPretrained("embedded");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.setTextCol("nope").transformSchema(SCHEMA));
        assertTrue(e.getMessage().contains("'nope' does not exist"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.setTextCol("id").transformSchema(SCHEMA));
        assertTrue(e.getMessage().contains("must be of type"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> m.setTextCol("text").setOutputCol("id").transformSchema(SCHEMA));
        assertTrue(e.getMessage().contains("output column 'id' already exists"), e.getMessage());
    }

    /** An ONNX export (model.onnx + tokenizer.json, as HF's exporter writes them) loads like the embedded model. */
    @Test
    void anOnnxExportLoadsAsAModelLocation(@TempDir Path tmp) throws Exception {
        for (String[] r : new String[][] {{"all-minilm-l6-v2.onnx", "model.onnx"},
            {"all-minilm-l6-v2-tokenizer.json", "tokenizer.json"}}) {
            try (java.io.InputStream in = getClass().getClassLoader().getResourceAsStream(r[0])) {
                java.nio.file.Files.copy(in, tmp.resolve(r[1]));
            }
        }
        Dataset<Row> rows = texts("a sunny day", "the stock market fell", null);
        List<Row> fromOnnx = BertEmbeddingModel.fromPretrained(tmp.resolve("model.onnx").toString()).transform(rows)
                .orderBy("id").select("embedding").collectAsList();
        List<Row> embedded = BertEmbeddingModel.fromPretrained("embedded").transform(rows).orderBy("id")
                .select("embedding").collectAsList();
        assertEquals(embedded, fromOnnx);
        assertTrue(fromOnnx.get(2).isNullAt(0));
    }

    @Test
    void tokenEmbeddingsCoverEveryToken() {
        Row r = BertEmbeddingModel.fromPretrained("embedded").setTokenEmbeddingsCol("tokens")
                .setNormalize(false).transform(texts("hello world")).first();
        List<Vector> tokens = r.getList(3);
        assertEquals(4, tokens.size(), "[CLS] hello world [SEP]");
    }

    @Test
    void savedStageLoadsAndEmbedsIdentically(@TempDir Path tmp) throws Exception {
        BertEmbeddingModel m = BertEmbeddingModel.fromPretrained("embedded").setPooling("cls").setBatchSize(4);
        String path = tmp.resolve("stage").toString();
        m.write().save(path);
        assertTrue(Files.isRegularFile(tmp.resolve("stage/data/checkpoint/model.safetensors")));
        assertThrows(java.io.IOException.class, () -> m.write().save(path), "no overwrite without overwrite()");
        m.write().overwrite().save(path);
        BertEmbeddingModel loaded = BertEmbeddingModel.load(path);
        assertEquals("cls", loaded.getPooling());
        assertEquals(4, loaded.getBatchSize());
        Dataset<Row> df = texts("one sentence", "another one");
        List<Row> a = m.transform(df).orderBy("id").collectAsList();
        List<Row> b = loaded.transform(df).orderBy("id").collectAsList();
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).get(2), b.get(i).get(2));
        }
    }

    @Test
    void reducedPrecisionsStayWithinTheirToleranceOfFloat32AndSurviveSaveLoad(@TempDir Path tmp) throws Exception {
        Dataset<Row> df = texts("A quiet, moving film about grief.", "The plot never comes together.", "",
                "An utterly charming comedy that will leave you smiling long after the credits roll.");
        List<Row> fp32 = BertEmbeddingModel.fromPretrained("embedded").transform(df).orderBy("id").collectAsList();
        for (Precision p : List.of(Precision.BF16, Precision.INT8)) {
            BertEmbeddingModel m = BertEmbeddingModel.fromPretrained("embedded").setPrecision(p.id());
            String path = tmp.resolve(p.id()).toString();
            m.write().save(path);
            BertEmbeddingModel loaded = BertEmbeddingModel.load(path);
            assertEquals(p.id(), loaded.getPrecision());
            List<Row> reduced = loaded.transform(df).orderBy("id").collectAsList();
            for (int i = 0; i < fp32.size(); i++) {
                double[] a = ((Vector) reduced.get(i).get(2)).toArray();
                double[] b = ((Vector) fp32.get(i).get(2)).toArray();
                double d = 0;
                for (int k = 0; k < a.length; k++) {
                    d += (a[k] - b[k]) * (a[k] - b[k]);
                }
                // Unit vectors: the distance is the relative RMS distance the mode promises.
                assertTrue(Math.sqrt(d) <= p.tolerance() && Math.sqrt(d) > Precision.FP32.tolerance(),
                        p + " row " + i + ": " + Math.sqrt(d));
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BertEmbeddingModel.fromPretrained("embedded").setPrecision("fp16"));
        assertTrue(e.getMessage().contains("precision") && e.getMessage().contains("fp16"), e.getMessage());
    }
}
