package dev.sparkbert.ml.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.weights.BertWeights;
import dev.sparkbert.ml.SparkTestSession;
import dev.sparkbert.ml.classification.BertSequenceClassificationModel;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriverCheckpointTest {

    private final SparkSession spark = SparkTestSession.get();

    @Test
    void weightsInDriverMemoryReachTheExecutorsByBroadcastAndSave(@TempDir Path tmp) throws Exception {
        Path fixture = SparkTestSession.fixtures().resolve("seqcls_single_label");
        Dataset<Row> texts = spark.createDataFrame(List.of(RowFactory.create(1, "a fine film"),
                RowFactory.create(2, "a dull one"), RowFactory.create(3, null)),
                new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType)).repartition(2);
        String location;
        try (NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            BertNetwork net = BertWeights.fromPretrained(fixture, null, m); // lives in driver memory only
            location = DriverCheckpoint.share(spark.sparkContext(), net, fixture);
        }
        assertTrue(location.startsWith("driver:"));
        BertSequenceClassificationModel shared = BertSequenceClassificationModel.fromPretrained(location);
        List<Row> fromDriver = shared.transform(texts).orderBy("id").select("probability").collectAsList();
        List<Row> fromFolder = BertSequenceClassificationModel.fromPretrained(fixture.toString()).transform(texts)
                .orderBy("id").select("probability").collectAsList();
        assertEquals(fromFolder, fromDriver);
        // The weights have no name outside this driver: their local copy goes when the driver does.
        assertTrue(dev.sparkbert.core.util.LocalFolders.isDeletedAtExit(DriverCheckpoint.localFolder(location, null)));
        shared.write().save(tmp.resolve("stage").toString());
        assertEquals(fromFolder, BertSequenceClassificationModel.load(tmp.resolve("stage").toString()).transform(texts)
                .orderBy("id").select("probability").collectAsList());
    }
}
