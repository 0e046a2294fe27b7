package dev.sparkbert.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkbert.ml.SparkTestSession;
import dev.sparkbert.ml.lm.BertMaskedLMModel;
import dev.sparkbert.training.distributed.StepRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertPretrainerTest {

    private final SparkSession spark = SparkTestSession.get();
    private static final StructType SCHEMA = new StructType().add("text", DataTypes.StringType);
    private static final String[] ANIMALS = {"cat", "dog", "bird", "fish"};

    /** Documents of repetitive sentences, a null and an empty one mixed in. */
    private Dataset<Row> documents() {
        List<Row> rows = new ArrayList<>();
        for (int d = 0; d < 24; d++) {
            String a = ANIMALS[d % ANIMALS.length];
            rows.add(RowFactory.create("the " + a + " is in the house .\nthe " + a + " is happy .\nthe day was long ."));
        }
        rows.add(RowFactory.create((Object) null));
        rows.add(RowFactory.create(""));
        return spark.createDataFrame(rows, SCHEMA).repartition(2);
    }

    @Test
    void maskedLmAndNextSentencePretrainingLowersTheLossOnTwoWorkers(@TempDir Path tmp) throws Exception {
        BertPretrainer trainer = new BertPretrainer().setModelLocation(TrainingTests.tinyEncoder()).setMaxLength(32)
                .setLearningRate(5e-3).setMaxSteps(80).setPerWorkerBatchSize(4).setWarmupSteps(8).setSeed(3)
                .setNumWorkers(2).setCheckpointDir(tmp.toString());
        BertMaskedLMModel model = trainer.fit(documents());
        List<StepRecord> h = trainer.lastHistory();
        double first = h.subList(0, 5).stream().mapToDouble(StepRecord::loss).average().orElseThrow();
        double last = h.subList(h.size() - 5, h.size()).stream().mapToDouble(StepRecord::loss).average().orElseThrow();
        assertTrue(last < 0.6 * first, "loss " + first + " -> " + last);
        Path dir = Path.of(model.getModelLocation().replace("file:", ""));
        assertTrue(Files.readString(dir.resolve("config.json")).contains("BertForPreTraining"));
        Row filled = model.transform(spark.createDataFrame(List.of(RowFactory.create("the cat is in the [MASK] .")),
                SCHEMA)).select(model.getOutputCol()).first();
        List<String> top = new ArrayList<>();
        ((scala.collection.Seq<?>) filled.getList(0).get(0)).foreach(c -> top.add(((Row) c).getAs("token")));
        assertTrue(top.contains("house"), "top candidates " + top);
    }

    @Test
    void fromScratchStartsFromNewWeightsAndTrainsMaskedLmOnly(@TempDir Path tmp) throws Exception {
        BertPretrainer trainer = new BertPretrainer().setModelLocation(TrainingTests.tinyEncoder()).setMaxLength(32)
                .setNextSentencePrediction(false).setFromScratch(true).setStaticMasking(true).setLearningRate(3e-3)
                .setMaxSteps(8)
                .setPerWorkerBatchSize(4).setSeed(3).setCheckpointDir(tmp.toString());
        BertMaskedLMModel model = trainer.fit(documents());
        assertTrue(Files.isDirectory(tmp.resolve("init-" + trainer.uid())));
        Path dir = Path.of(model.getModelLocation().replace("file:", ""));
        assertTrue(Files.readString(dir.resolve("config.json")).contains("BertForMaskedLM"));
        // Newly initialised weights start near log(vocab) = log(1024) = 6.9, far above the encoder's.
        assertEquals(Math.log(1024), trainer.lastHistory().get(0).loss(), 0.5);
    }
}
