package dev.sparkbert.ml.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.core.tokenize.Encoded;
import dev.sparkbert.ml.CoreReference;
import dev.sparkbert.ml.SparkTestSession;
import dev.sparkbert.ml.exec.Batches;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class BertTokenClassificationModelTest {

    private final Path dir = SparkTestSession.fixtures().resolve("token_classification");

    @Test
    void tokensAndEntitiesFollowCoreLogits() throws Exception {
        String text = "George lives in Paris near the river";
        StructType schema = new StructType().add("text", DataTypes.StringType);
        Dataset<Row> df = SparkTestSession.get().createDataFrame(List.of(RowFactory.create(text),
                RowFactory.create((String) null), RowFactory.create("")), schema).repartition(2);
        List<Row> rows = BertTokenClassificationModel.fromPretrained(dir.toString()).setAggregationStrategy("none")
                .setTagsCol("tags").transform(df).collectAsList();
        float[] logits = CoreReference.logits(dir, "BertForTokenClassification", 64, text, null);
        int k = 9;
        double[][] probs = Batches.softmax(logits, logits.length / k, k);
        for (Row r : rows) {
            if (r.isNullAt(0)) {
                assertTrue(r.isNullAt(1), "null text, null entities");
            } else if (r.getString(0).isEmpty()) {
                assertEquals(0, r.getList(1).size());
            } else {
                List<Row> entities = r.getList(1);
                List<String> tags = r.getList(2);
                assertEquals(probs.length - 2, entities.size(), "one entity per token with strategy none");
                for (int t = 0; t < entities.size(); t++) {
                    double[] p = probs[t + 1];
                    int best = 0;
                    for (int c = 1; c < k; c++) {
                        best = p[c] > p[best] ? c : best;
                    }
                    assertEquals("LABEL_" + best, entities.get(t).getString(0));
                    assertEquals("LABEL_" + best, tags.get(t));
                    assertEquals(p[best], entities.get(t).getDouble(4), 1e-5);
                    Row e = entities.get(t);
                    assertEquals(text.substring(e.getInt(2), e.getInt(3)).toLowerCase(),
                            e.getString(1).replace("##", ""), "offsets point at the word");
                }
            }
        }
    }

    /**
     * Rows read through an RDD are what collect gives, also where Spark skips the encoding (every
     * column, in order, read as objects): lists and rows with their schema.
     */
    @Test
    void outputRowsReadThroughAnRddAsCollected() {
        StructType schema = new StructType().add("words", DataTypes.createArrayType(DataTypes.StringType))
                .add("text", DataTypes.StringType);
        Dataset<Row> df = SparkTestSession.get().createDataFrame(List.of(RowFactory.create(List.of("George"),
                "George lives in Paris")), schema);
        Dataset<Row> tagged = BertTokenClassificationModel.fromPretrained(dir.toString())
                .setAggregationStrategy("none").setTagsCol("tags").transform(df);
        String expected = summary(tagged.collectAsList().get(0));
        assertEquals(List.of(expected), tagged.javaRDD().map(BertTokenClassificationModelTest::summary).collect());
        assertEquals(List.of(expected), tagged.select("words", "text", "entities", "tags").javaRDD()
                .map(BertTokenClassificationModelTest::summary).collect());
    }

    /** Words, tags and the first entity's group, read by column and field names. */
    private static String summary(Row r) {
        return r.getList(r.fieldIndex("words")) + " " + r.getList(r.fieldIndex("tags")) + " "
                + r.<Row>getList(r.fieldIndex("entities")).get(0).getAs("entity_group");
    }

    @Test
    void bioTagsAreGroupedIntoEntitiesLikeHf() throws Exception {
        String[] labels = {"O", "B-PER", "I-PER", "B-LOC", "I-LOC"};
        try (BertTokenizer tok = BertTokenizer.builder(dir).build()) {
            String text = "mary anne went to new york";
            Encoded e = tok.encode(text);
            // Words: mary(B-PER) anne(I-PER) went(O) to(O) new(B-LOC) york(I-LOC); every piece of a word gets
            // its word's tag, first pieces confident, later pieces less so.
            int[] wordTag = {1, 2, 0, 0, 3, 4};
            double[][] probs = new double[e.length()][labels.length];
            long previous = -1;
            for (int t = 0; t < e.length(); t++) {
                long w = e.wordIds()[t];
                int tag = w < 0 ? 0 : wordTag[(int) w];
                boolean first = w != previous;
                previous = w;
                for (int c = 0; c < labels.length; c++) {
                    probs[t][c] = c == tag ? (first ? 0.9 : 0.6) : (first ? 0.1 : 0.4) / (labels.length - 1);
                }
            }
            List<EntityAggregator.Entity> grouped = new EntityAggregator("first", labels).aggregate(e, probs, tok);
            assertEquals(2, grouped.size());
            assertEquals("PER", grouped.get(0).group());
            assertEquals("mary anne", grouped.get(0).word());
            assertEquals(0, grouped.get(0).start());
            assertEquals(9, grouped.get(0).end());
            assertEquals("LOC", grouped.get(1).group());
            assertEquals("new york", grouped.get(1).word());
            assertEquals(0.9, grouped.get(1).score(), 1e-9, "first: the first piece's score");
            List<EntityAggregator.Entity> none = new EntityAggregator("none", labels).aggregate(e, probs, tok);
            assertTrue(none.size() >= 4, "none keeps every non-O token");
        }
    }
}
