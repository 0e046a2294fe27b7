package dev.sparkbert.ml.choice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.core.tokenize.Encoded;
import dev.sparkbert.core.tokenize.EncodedBatch;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.weights.BertWeights;
import dev.sparkbert.ml.SparkTestSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class BertMultipleChoiceModelTest {

    private final Path dir = SparkTestSession.fixtures().resolve("multiple_choice");
    private static final StructType SCHEMA = new StructType().add("prompt", DataTypes.StringType)
            .add("choices", DataTypes.createArrayType(DataTypes.StringType));

    @Test
    void scoresEqualCoreForRowsWithDifferentChoiceCounts() throws Exception {
        List<Row> rows = BertMultipleChoiceModel.fromPretrained(dir.toString()).transform(df(
                RowFactory.create("the sky is", new String[] {"blue", "a fish", "loud"}),
                RowFactory.create("cats like", new String[] {"milk", "taxes"}),
                RowFactory.create(null, new String[] {"a", "b"}))).collectAsList();
        for (Row r : rows) {
            if (r.isNullAt(0)) {
                assertTrue(r.isNullAt(2));
                continue;
            }
            float[] expected = core(r.getString(0), r.getList(1));
            Vector raw = (Vector) r.get(4);
            assertEquals(expected.length, raw.size());
            for (int c = 0; c < expected.length; c++) {
                assertEquals(expected[c], raw.apply(c), 1e-5);
            }
        }
    }

    @Test
    void emptyOrNullChoiceIsMalformedAndHandledPerHandleInvalid() {
        Dataset<Row> bad = df(RowFactory.create("q", new String[] {}), RowFactory.create("q", new String[] {"a", "b"}));
        BertMultipleChoiceModel m = BertMultipleChoiceModel.fromPretrained(dir.toString());
        Exception e = assertThrows(Exception.class, () -> m.transform(bad).collectAsList());
        assertTrue(SparkTestSession.messages(e).contains("column 'choices'"), SparkTestSession.messages(e));
        assertEquals(1, m.setHandleInvalid("skip").transform(bad).count());
        assertEquals(1, m.setHandleInvalid("keep").transform(bad).filter("prediction IS NULL").count());
    }

    private Dataset<Row> df(Row... rows) {
        return SparkTestSession.get().createDataFrame(Arrays.asList(rows), SCHEMA).repartition(2);
    }

    private float[] core(String prompt, List<String> choices) throws Exception {
        Engines.noGradOnThisThread();
        try (NDManager m = NDManager.newBaseManager(Engines.PYTORCH);
                BertTokenizer tok = BertTokenizer.builder(dir).optMaxLength(64).build()) {
            BertNetwork net = BertWeights.fromPretrained(dir, "BertForMultipleChoice", m);
            List<Encoded> enc = new ArrayList<>();
            choices.forEach(c -> enc.add(tok.encode(prompt, c)));
            int[] all = java.util.stream.IntStream.range(0, enc.size()).toArray();
            BertInputs flat = EncodedBatch.toInputs(enc, all, 0, m).build();
            Shape s = new Shape(1, choices.size(), flat.inputIds().getShape().get(1));
            return net.forward(BertInputs.builder().setInputIds(flat.inputIds().reshape(s))
                    .optTokenTypeIds(flat.tokenTypeIds().reshape(s)).optAttentionMask(flat.attentionMask().reshape(s))
                    .build()).logits().toFloatArray();
        }
    }
}
