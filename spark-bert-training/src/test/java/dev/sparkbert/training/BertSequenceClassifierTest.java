package dev.sparkbert.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkbert.core.config.ProblemType;
import dev.sparkbert.ml.SparkTestSession;
import dev.sparkbert.ml.classification.BertSequenceClassificationModel;
import dev.sparkbert.training.distributed.EvalRecord;
import dev.sparkbert.training.distributed.StepRecord;
import dev.sparkbert.training.distributed.TrainingHistory;
import dev.sparkbert.training.report.SparkUiProgress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.status.api.v1.JobData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertSequenceClassifierTest {

    private final SparkSession spark = SparkTestSession.get();
    private final String encoder = TrainingTests.tinyEncoder();
    private static final StructType SCHEMA = new StructType().add("text", DataTypes.StringType)
            .add("label", DataTypes.StringType);

    private static final String[] GOOD = {"a good day", "the good film", "good and kind", "so good", "a good good time",
        "good people"};
    private static final String[] BAD = {"a bad day", "the bad film", "bad and cold", "so bad", "a bad bad time",
        "bad people"};

    private Dataset<Row> toyData() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < GOOD.length; i++) {
            rows.add(RowFactory.create(GOOD[i], "pos"));
            rows.add(RowFactory.create(BAD[i], "neg"));
        }
        return spark.createDataFrame(rows, SCHEMA).repartition(3);
    }

    private BertSequenceClassifier trainer() {
        return new BertSequenceClassifier().setModelLocation(encoder).setLearningRate(2e-3).setMaxSteps(30)
                .setPerWorkerBatchSize(4).setWarmupSteps(3).setSeed(7).setLoggingSteps(10);
    }

    @Test
    void twoWorkersLearnAToyTaskAndTheModelSavesItsHistory(@TempDir Path tmp) throws Exception {
        // Without dropout: two replicas in one JVM draw their masks from libtorch's one global
        // generator, in an order the threads decide, and 30 steps then end at 10 to 12 right of 12.
        BertSequenceClassifier trainer = trainer().setModelLocation(noDropout(tmp.resolve("encoder")).toString())
                .setNumWorkers(2).setCheckpointDir(tmp.resolve("checkpoints").toString())
                .setValidationData(toyData()).setEvalSteps(15);
        BertSequenceClassificationModel model = trainer.fit(toyData());
        List<EvalRecord> evals = trainer.lastEvaluations();
        assertEquals(List.of(15, 30), evals.stream().map(EvalRecord::step).toList());
        assertEquals(12, evals.get(1).examples());
        assertTrue(evals.get(1).accuracy() >= 0.9 && evals.get(1).loss() < evals.get(0).loss(), evals.toString());
        assertEquals(List.of("neg", "pos"), List.copyOf(model.config().getId2label().values()));
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            // Each replica uses the one core its task was granted (spark.task.cpus), not the host's.
            assertEquals(List.of(1, 1), trainer.lastTrainingHistory().replicaThreads());
        }
        assertEquals(trainer.uid(), model.uid(), "the model carries its estimator's uid, as MLlib's do");
        assertEquals(trainer.getTextCol(), model.getTextCol());
        Path dir = Path.of(model.getModelLocation().replace("file:", ""));
        assertTrue(Files.readString(dir.resolve("training_history.json")).contains("\"eval_accuracy\""));
        TrainingHistory history = trainer.lastTrainingHistory();
        for (StepRecord r : history.steps()) {
            // Where a step's time went: passes, exchange and update are parts of it, and measured.
            assertTrue(r.passSeconds() > 0 && r.updateSeconds() > 0 && r.allReduceSeconds() > 0
                    && r.passSeconds() + r.allReduceSeconds() + r.updateSeconds() <= r.seconds()
                    && r.waitSeconds() >= 0 && r.waitSeconds() < r.allReduceSeconds(), r.toString());
        }
        assertEquals(history.steps(), TrainingHistory.fromJson(history.toJson()).steps());
        assertTrue(Files.isRegularFile(dir.resolve("tokenizer.json")));
        Dataset<Row> scored = new StringIndexer().setInputCol("label").setOutputCol("y")
                .setStringOrderType("alphabetAsc").fit(toyData()).transform(model.transform(toyData()));
        double accuracy = new MulticlassClassificationEvaluator().setLabelCol("y").setMetricName("accuracy")
                .evaluate(scored);
        assertTrue(accuracy >= 0.9, "training accuracy " + accuracy);
    }

    @Test
    void oneAndTwoWorkersTakeTheSameSteps(@TempDir Path tmp) throws Exception {
        Path noDropout = noDropout(tmp);
        List<StepRecord> one = history(1, noDropout);
        List<StepRecord> two = history(2, noDropout);
        assertEquals(one.size(), two.size());
        for (int i = 0; i < one.size(); i++) {
            assertEquals(one.get(i).loss(), two.get(i).loss(), 1e-4 * Math.abs(one.get(i).loss()) + 1e-6,
                    "loss at step " + i);
        }
    }

    /** The tiny encoder copied to {@code dir} with both dropout probabilities 0. */
    private Path noDropout(Path dir) throws java.io.IOException {
        Files.createDirectories(dir);
        Path src = Path.of(encoder);
        for (String f : List.of("model.safetensors", "tokenizer.json", "vocab.txt")) {
            Files.copy(src.resolve(f), dir.resolve(f));
        }
        Files.writeString(dir.resolve("config.json"), TrainingTests.withDropout(Files.readString(src.resolve("config.json")), 0));
        return dir;
    }

    private List<StepRecord> history(int workers, Path noDropout) {
        // The same global batch (8) either way: 8 x 1 worker or 4 x 2 workers. Without dropout, whose
        // random masks differ between replicas, the runs are the same computation.
        BertSequenceClassifier t = trainer().setModelLocation(noDropout.toString()).setMaxSteps(6)
                .setNumWorkers(workers).setPerWorkerBatchSize(8 / workers);
        t.fit(toyData());
        return t.lastHistory();
    }

    @Test
    void aTrainedModelTheDriverCannotReadIsAnErrorThatNamesCheckpointDir(@TempDir Path tmp) throws Exception {
        // What a driver sees when replica 0 ran on another machine: the output folder is not there.
        org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
        String out = tmp.resolve("fit").resolve("model").toString();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BertEstimator.requireTrainedCheckpoint(out, "", hadoop));
        assertTrue(e.getMessage().contains(out) && e.getMessage().contains("set checkpointDir"), e.getMessage());
        e = assertThrows(IllegalStateException.class,
                () -> BertEstimator.requireTrainedCheckpoint(out, "/mnt/local-only", hadoop));
        assertTrue(e.getMessage().contains("checkpointDir '/mnt/local-only'"), e.getMessage());
        Files.createDirectories(Path.of(out));
        Files.writeString(Path.of(out, "config.json"), "{}");
        BertEstimator.requireTrainedCheckpoint(out, "", hadoop);
    }

    @Test
    void withoutCheckpointDirExecutorsOnAnotherMachineAreRefusedBeforeTraining() throws Exception {
        // An address of one of this machine's interfaces (loopback when it has no other).
        String here = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                .filter(a -> !a.isLoopbackAddress()).map(java.net.InetAddress::getHostAddress).findFirst()
                .orElse("127.0.0.1");
        BertEstimator.requireDriverMachine(List.of("localhost", "127.0.0.1", here, "no-such-host.invalid"));
        // A documentation address (RFC 5737) that none of this machine's interfaces has.
        String elsewhere = java.util.stream.Stream.of("203.0.113.7", "198.51.100.7", "192.0.2.7").filter(a -> {
            try {
                return java.net.NetworkInterface.getByInetAddress(java.net.InetAddress.getByName(a)) == null;
            } catch (java.io.IOException x) {
                throw new java.io.UncheckedIOException(x);
            }
        }).findFirst().orElseThrow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BertEstimator.requireDriverMachine(List.of(here, elsewhere)));
        assertTrue(e.getMessage().contains("executors run on " + elsewhere + ": set checkpointDir"), e.getMessage());
    }

    @Test
    void aValidationFractionIsHeldOutOfTraining() {
        BertSequenceClassifier trainer = trainer().setMaxSteps(4).setValidationFraction(0.25);
        BertSequenceClassificationModel model = trainer.fit(toyData());
        // Without a checkpointDir the model lives in a driver folder that goes when the driver does.
        assertTrue(dev.sparkbert.core.util.LocalFolders.isDeletedAtExit(
                Path.of(java.net.URI.create(model.getModelLocation()).getPath())), model.getModelLocation());
        assertEquals(3, trainer.lastEvaluations().get(0).examples());
        assertEquals(4, trainer.lastEvaluations().get(0).step());
        assertEquals(4, trainer.lastHistory().get(0).examples()); // batches of 4 from the 9 training rows
    }

    /**
     * The Chinese data sample fine-tunes the embedded Chinese BERT (bge-small-zh-v1.5). The
     * checkpoint and its tokenizer do not depend on Spark: run on one Spark line.
     */
    @Test
    @Tag("spark-independent")
    void chineseReviewsFineTuneAChineseBert() throws Exception {
        Path bge = dev.sparkbert.core.weights.EmbeddedModels.checkpoint(
                dev.sparkbert.core.weights.EmbeddedModels.BGE_SMALL_ZH_V15);
        Dataset<Row> reviews = spark.read().option("header", "true").option("sep", "\t")
                .csv(Path.of("..", "data-samples", "chinese-sentiment", "reviews.tsv").toString());
        BertSequenceClassificationModel model = trainer().setModelLocation(bge.toString()).setTextCol("sentence")
                .setLearningRate(1e-4).setMaxSteps(16).setNumWorkers(2).setMaxLength(32).fit(reviews);
        long right = model.setPredictedLabelCol("predicted").transform(reviews).filter("predicted = label").count();
        assertTrue(right >= 0.9 * reviews.count(), right + " of " + reviews.count());
    }

    @Test
    void transformSchemaGivesTheFittedModelsColumnsSoPipelinesCanCheckLaterStages() {
        StructType out = trainer().transformSchema(SCHEMA);
        assertEquals(List.of("text", "label", "prediction", "probability", "rawPrediction"), List.of(out.fieldNames()));
        StructType regression = new StructType().add("text", DataTypes.StringType).add("label", DataTypes.DoubleType);
        assertEquals(List.of("text", "label", "prediction"), List.of(trainer().transformSchema(regression).fieldNames()));
        TrainingTests.assertFailsWith(() -> trainer().transformSchema(SCHEMA.add("prediction", DataTypes.DoubleType)),
                "prediction");
    }

    @Test
    void fitChecksEveryColumnInOnePassOverTheData() {
        // Reads: the checks' aggregation, then the seeded sort's sample and its shuffle; not one
        // more pass per checked column or for the labels.
        LongAccumulator read = spark.sparkContext().longAccumulator("rows read");
        Dataset<Row> data = toyData();
        long rows = data.count();
        JavaRDD<Row> counted = data.toJavaRDD().map(r -> {
            read.add(1);
            return r;
        });
        trainer().setMaxSteps(1).fit(spark.createDataFrame(counted, SCHEMA));
        assertEquals(3 * rows, read.value(), "rows read by fit");
    }

    @Test
    void eachProgressLineIsLoggedOnceAndShownInTheSparkUiWhileTheTrainingJobRuns() throws Exception {
        // Local mode: rank 0's lines reach the driver, which logs them; rank 0 must not log them too.
        List<String> lines = new CopyOnWriteArrayList<>();
        List<String> jobs = new CopyOnWriteArrayList<>();
        Map<Integer, String> descriptions = new ConcurrentHashMap<>();
        SparkListener ui = new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart start) {
                String description = String.valueOf(start.properties().getProperty("spark.job.description"));
                descriptions.put(start.jobId(), description);
                jobs.add("start " + description);
            }

            @Override
            public void onJobEnd(SparkListenerJobEnd end) {
                jobs.add("end " + descriptions.get(end.jobId()));
            }
        };
        spark.sparkContext().addSparkListener(ui);
        Logger logger = (Logger) LogManager.getLogger("dev.sparkbert.training");
        Level before = logger.getLevel();
        AbstractAppender capture = new AbstractAppender("progress-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                if (event.getLevel().isMoreSpecificThan(Level.INFO)) {
                    lines.add(event.getMessage().getFormattedMessage());
                }
            }
        };
        capture.start();
        logger.addAppender(capture);
        logger.setLevel(Level.INFO);
        try {
            trainer().setMaxSteps(3).setLoggingSteps(1).fit(toyData());
        } finally {
            logger.removeAppender(capture);
            logger.setLevel(before);
            capture.stop();
            spark.sparkContext().listenerBus().waitUntilEmpty();
            spark.sparkContext().removeSparkListener(ui);
        }
        for (String step : List.of("step 1/3 ", "step 2/3 ", "step 3/3 ")) {
            assertEquals(1, lines.stream().filter(l -> l.startsWith(step)).count(), step + "in " + lines);
        }
        // The first line is a job of its own in the UI while the training job runs (two steps
        // later it ends); the next is held back (at most one a UI interval) and replaced by the
        // last, shown when the fit ends.
        int trainingEnd = jobs.indexOf("end spark-bert: sequence classification, 3 steps on 1 replicas");
        int firstLine = indexOfPrefix(jobs, "start " + SparkUiProgress.PREFIX + "step 1/3 epoch ");
        assertTrue(firstLine >= 0 && firstLine < trainingEnd, jobs.toString());
        assertEquals(-1, indexOfPrefix(jobs, "start " + SparkUiProgress.PREFIX + "step 2/3 "), jobs.toString());
        assertTrue(indexOfPrefix(jobs, "start " + SparkUiProgress.PREFIX + "step 3/3 epoch ") > trainingEnd,
                jobs.toString());
        // The UI's pages and REST API read the status store.
        List<String> shown = new ArrayList<>();
        scala.collection.Iterator<JobData> all = spark.sparkContext().statusStore().jobsList(null).iterator();
        while (all.hasNext()) {
            JobData job = all.next();
            shown.add(job.description().getOrElse(() -> ""));
        }
        String last = lines.stream().filter(l -> l.startsWith("step 3/3 ")).findFirst().orElseThrow();
        assertTrue(shown.contains(SparkUiProgress.PREFIX + last), last + " in " + shown);
    }

    private static int indexOfPrefix(List<String> list, String prefix) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aStringIndexersOutputTrainsAClassifierWithTheIndexersClassNames() {
        // MLlib's way to classes: StringIndexer's double indices, named in its metadata (here pos = 0).
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new StringIndexer().setInputCol("label").setOutputCol("y").setStringOrderType("alphabetDesc"),
            trainer().setLabelCol("y").setMaxSteps(2).setPredictedLabelCol("name")});
        PipelineModel fitted = pipeline.fit(toyData());
        BertSequenceClassificationModel model = (BertSequenceClassificationModel) fitted.stages()[1];
        assertEquals(ProblemType.SINGLE_LABEL_CLASSIFICATION, model.config().getProblemType());
        assertEquals(List.of("pos", "neg"), List.copyOf(model.config().getId2label().values()));
        for (Row r : fitted.transform(toyData()).select("prediction", "name").collectAsList()) {
            assertEquals(List.of("pos", "neg").get((int) r.getDouble(0)), r.getString(1));
        }
        // Without the attribute, doubles are regression targets; with it, a fraction is refused.
        StructType doubles = new StructType().add("text", DataTypes.StringType).add("label", DataTypes.DoubleType);
        Dataset<Row> halves = spark.createDataFrame(List.of(RowFactory.create("x", 0.0), RowFactory.create("y", 0.5)),
                doubles);
        assertEquals(ProblemType.REGRESSION, trainer().problemType(halves.schema()));
        Dataset<Row> nominal = halves.withColumn("label", halves.col("label").as("label",
                NominalAttribute.defaultAttr().withNumValues(2).toMetadata()));
        TrainingTests.assertFailsWith(() -> trainer().fit(nominal), "1 training rows have a 'label' that is not a whole"
                + " class index; first: [y,null,0.5]");
    }

    @Test
    void aDoubleLabelColumnFitsARegressionHead() {
        StructType schema = new StructType().add("text", DataTypes.StringType).add("label", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < GOOD.length; i++) {
            rows.add(RowFactory.create(GOOD[i], 1.0));
            rows.add(RowFactory.create(BAD[i], 0.0));
        }
        Dataset<Row> data = spark.createDataFrame(rows, schema).repartition(3);
        BertSequenceClassifier trainer = trainer().setMaxSteps(120).setValidationData(data).setEvalSteps(120);
        BertSequenceClassificationModel model = trainer.fit(data);
        assertEquals(ProblemType.REGRESSION, model.config().getProblemType());
        assertEquals(1, model.config().getNumLabels());
        EvalRecord eval = trainer.lastEvaluations().get(0);
        assertTrue(Double.isNaN(eval.accuracy()) && eval.loss() < 0.1, "a regression's evaluation has a loss (MSE) and"
                + " no accuracy: " + eval);
        Dataset<Row> scored = model.transform(data);
        assertEquals(List.of("text", "label", "prediction"), List.of(scored.columns()));
        double rmse = new RegressionEvaluator().setMetricName("rmse").evaluate(scored);
        // A constant prediction (the mean, 0.5) has an RMSE of 0.5.
        assertTrue(rmse < 0.3, "training RMSE " + rmse);
    }

    @Test
    void aStringArrayLabelColumnFitsAMultiLabelHead() {
        StructType schema = new StructType().add("text", DataTypes.StringType)
                .add("label", DataTypes.createArrayType(DataTypes.StringType));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < GOOD.length; i++) {
            // "people" adds a second label to one sentence of each kind; one set is empty.
            rows.add(RowFactory.create(GOOD[i], GOOD[i].contains("people") ? List.of("pos", "people") : List.of("pos")));
            rows.add(RowFactory.create(BAD[i], BAD[i].contains("people") ? List.of("people") : List.of()));
        }
        Dataset<Row> data = spark.createDataFrame(rows, schema).repartition(3);
        BertSequenceClassificationModel model = trainer().setMaxSteps(120).fit(data);
        assertEquals(ProblemType.MULTI_LABEL_CLASSIFICATION, model.config().getProblemType());
        assertEquals(List.of("people", "pos"), List.copyOf(model.config().getId2label().values()));
        List<Row> out = model.setPredictedLabelsCol("predicted").transform(data).select("text", "predicted")
                .collectAsList();
        long right = out.stream().filter(r -> r.getList(1).contains("pos") == r.getString(0).contains("good")).count();
        assertTrue(right >= 11, right + " of 12 right on 'pos': " + out);
    }

    @Test
    void badInputFailsBeforeTrainingNamingTheProblem() {
        Dataset<Row> empty = spark.createDataFrame(List.of(), SCHEMA);
        TrainingTests.assertFailsWith(() -> trainer().fit(empty), "the training data is empty");
        Dataset<Row> withNull = spark.createDataFrame(List.of(RowFactory.create("x", "pos"),
                RowFactory.create(null, "neg")), SCHEMA);
        TrainingTests.assertFailsWith(() -> trainer().fit(withNull), "null 'text'");
        TrainingTests.assertFailsWith(() -> trainer().setNumWorkers(8).fit(toyData()), "numWorkers (8) is larger than the task slots");
        TrainingTests.assertFailsWith(() -> trainer().setLabelCol("nope").fit(toyData()), "labelCol");
        StructType intLabels = new StructType().add("text", DataTypes.StringType).add("label", DataTypes.IntegerType);
        TrainingTests.assertFailsWith(() -> trainer().fit(spark.createDataFrame(List.of(RowFactory.create("x", -1),
                RowFactory.create("y", 1)), intLabels)), "class index -1 is negative");
    }

    @Test
    void labelValuesTheHeadCannotLearnFromFailNamingTheRow() {
        StructType doubles = new StructType().add("text", DataTypes.StringType).add("label", DataTypes.DoubleType);
        TrainingTests.assertFailsWith(() -> trainer().fit(spark.createDataFrame(List.of(RowFactory.create("x", 1.0),
                RowFactory.create("y", Double.NaN)), doubles)), "1 training rows have a 'label' that is not a finite"
                + " number; first: [y,null,NaN]");
        StructType sets = new StructType().add("text", DataTypes.StringType)
                .add("label", DataTypes.createArrayType(DataTypes.StringType));
        TrainingTests.assertFailsWith(() -> trainer().fit(spark.createDataFrame(List.of(RowFactory.create("x",
                List.of("a")), RowFactory.create("y", java.util.Arrays.asList("b", null))), sets)),
                "1 training rows have a null in their 'label'");
        Dataset<Row> unseen = spark.createDataFrame(List.of(RowFactory.create("so so", "meh")), SCHEMA);
        TrainingTests.assertFailsWith(() -> trainer().setValidationData(unseen).fit(toyData()),
                "labelCol: the label 'meh' of validation row [so so,null,meh] is not one of the training data's labels"
                        + " [neg, pos]");
    }
}
