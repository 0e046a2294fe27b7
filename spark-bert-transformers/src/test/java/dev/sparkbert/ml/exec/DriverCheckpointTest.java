package dev.sparkbert.ml.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.util.LocalFolders;
import dev.sparkbert.core.weights.BertWeights;
import dev.sparkbert.ml.SparkTestSession;
import dev.sparkbert.ml.classification.BertSequenceClassificationModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
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
        assertTrue(LocalFolders.isDeletedAtExit(DriverCheckpoint.localFolder(location, null)));
        shared.write().save(tmp.resolve("stage").toString());
        assertEquals(fromFolder, BertSequenceClassificationModel.load(tmp.resolve("stage").toString()).transform(texts)
                .orderBy("id").select("probability").collectAsList());
    }

    @Test
    void addingALocalCopyDeletesTheCopiesIdleLongerThanTheLimit() throws Exception {
        String id = UUID.randomUUID().toString();
        Path idle = cached("idle-" + id, Instant.now().minus(Duration.ofHours(25)));
        Path recent = cached("recent-" + id, Instant.now().minus(Duration.ofHours(23)));
        Path added = ModelLocation.cacheFolder("added-" + id);
        try {
            ModelLocation.publishCached(LocalFolders.workFolderFor(added), added);
            assertFalse(Files.exists(idle), "a copy unused for 25 hours is kept");
            assertTrue(LocalFolders.isComplete(recent) && LocalFolders.isComplete(added));
            String before = System.setProperty(ModelLocation.CACHE_IDLE_HOURS, "a day");
            try {
                Path other = ModelLocation.cacheFolder("other-" + id);
                assertEquals("-Dsparkbert.modelCacheIdleHours=a day: expected hours >= 0",
                        assertThrows(IllegalArgumentException.class,
                                () -> ModelLocation.publishCached(LocalFolders.workFolderFor(other), other)).getMessage());
                LocalFolders.deleteTree(other);
            } finally {
                if (before == null) {
                    System.clearProperty(ModelLocation.CACHE_IDLE_HOURS);
                } else {
                    System.setProperty(ModelLocation.CACHE_IDLE_HOURS, before);
                }
            }
        } finally {
            LocalFolders.deleteTree(recent);
            LocalFolders.deleteTree(added);
        }
    }

    /** A published folder of the local copies' cache, last used at {@code used}. */
    private static Path cached(String name, Instant used) throws Exception {
        Path dir = ModelLocation.cacheFolder(name);
        LocalFolders.publish(LocalFolders.workFolderFor(dir), dir);
        Files.setLastModifiedTime(dir.resolve(".complete"), FileTime.from(used));
        return dir;
    }
}
