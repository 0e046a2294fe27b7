package dev.sparkbert.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkbert.ml.classification.BertSequenceClassificationModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A streaming DataFrame goes through a stage's transform like a batch one. */
class StreamingTest {

    @Test
    void streamingDataFrameIsClassifiedLikeABatchOne(@TempDir Path tmp) throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.writeString(in.resolve("part1.json"), "{\"text\":\"a fine film\"}\n{\"text\":null}\n{\"text\":\"dull\"}\n");
        StructType schema = new StructType().add("text", DataTypes.StringType);
        BertSequenceClassificationModel stage = BertSequenceClassificationModel
                .fromPretrained(SparkTestSession.fixtures().resolve("seqcls_single_label").toString());
        Dataset<Row> stream = spark.readStream().schema(schema).json(in.toString());
        assertTrue(stream.isStreaming());
        StreamingQuery q = stage.transform(stream).writeStream().format("memory").queryName("scored")
                .option("checkpointLocation", tmp.resolve("ckpt").toString()).start();
        try {
            q.processAllAvailable();
        } finally {
            q.stop();
        }
        List<Row> streamed = spark.sql("SELECT text, prediction FROM scored ORDER BY text").collectAsList();
        List<Row> batch = stage.transform(spark.read().schema(schema).json(in.toString()))
                .selectExpr("text", "prediction").orderBy("text").collectAsList();
        assertEquals(3, streamed.size());
        assertEquals(batch, streamed);
    }
}
