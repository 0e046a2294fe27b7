package dev.sparkbert.cli;

import dev.sparkbert.ml.classification.BertSequenceClassificationModel;
import dev.sparkbert.ml.exec.ModelLocation;
import dev.sparkbert.training.BertSequenceClassifier;
import dev.sparkbert.training.distributed.EvalRecord;
import dev.sparkbert.training.report.TrainingReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code demo}: the main job. Fine-tunes the embedded all-MiniLM-L6-v2 encoder as a sentiment
 * classifier on {@code data-samples/sentiment/train.tsv} with data-parallel replicas on local Spark,
 * evaluates it on the held-out {@code test.tsv}, scores the unseen sentences of {@code unseen.txt},
 * and writes everything into one output folder: {@code pipeline-model/} (a Spark PipelineModel),
 * {@code hf-checkpoint/} (opens in HF transformers), {@code predictions/} (JSON lines),
 * {@code metrics.json} and {@code training_curves.png}.
 */
final class DemoCommand {

    static final Set<String> OPTIONS = Set.of("output", "workers", "epochs", "data", "model", "max-steps", "master");

    static String help() {
        return String.join("\n",
                "usage: spark-bert demo [--output DIR] [--workers N] [--epochs E] [--data DIR]",
                "  fine-tunes the embedded all-MiniLM-L6-v2 as a sentiment classifier on data-samples/sentiment",
                "  (default 2 workers, local Spark), evaluates it on the held-out rows, scores unseen sentences",
                "  and writes the PipelineModel, HF checkpoint, predictions, metrics.json and training curves");
    }

    private DemoCommand() {}

    static void run(Options o) throws Exception {
        Path data = Path.of(o.get("data", "data-samples/sentiment"));
        for (String f : List.of("train.tsv", "test.tsv", "unseen.txt")) {
            if (!Files.isRegularFile(data.resolve(f))) {
                throw new Options.UsageException("demo: " + data.resolve(f) + " does not exist; run from the project"
                        + " folder or give --data DIR");
            }
        }
        String outputPath = o.get("output", "demo-output/run-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        int workers = o.getInt("workers", 2);
        String epochs = o.get("epochs", "2");
        try (CliSession session = CliSession.forTraining(o, workers, "spark-bert demo");
                OutputFolder output = OutputFolder.create("demo", "output", outputPath,
                        session.spark().sparkContext().hadoopConfiguration())) {
            SparkSession spark = session.spark();
            Dataset<Row> train = tsv(spark, data.resolve("train.tsv"));
            Dataset<Row> test = tsv(spark, data.resolve("test.tsv"));
            System.out.printf("demo: fine-tuning %s as a sentiment classifier on %d sentences with %d workers%n",
                    o.get("model", "the embedded all-MiniLM-L6-v2"), train.count(), workers);
            BertSequenceClassifier classifier = new BertSequenceClassifier().setModelLocation(o.get("model", "embedded"))
                    .setTextCol("sentence").setLabelCol("label").setNumWorkers(workers).setPerWorkerBatchSize(16 / workers)
                    .setNumTrainEpochs(Double.parseDouble(epochs)).setMaxSteps(o.getInt("max-steps", -1))
                    .setLearningRate(1e-4).setWarmupRatio(0.1).setWeightDecay(0.01).setMaxLength(64).setSeed(42)
                    .setLoggingSteps(5).setValidationData(test).setEvalSteps(25);
            long t0 = System.nanoTime();
            PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {classifier}).fit(train);
            double seconds = (System.nanoTime() - t0) / 1e9;
            BertSequenceClassificationModel model = (BertSequenceClassificationModel) pipeline.stages()[0];
            model.setPredictedLabelCol("predicted_label");

            Dataset<Row> scoredTest = pipeline.transform(test).cache();
            long right = scoredTest.filter(functions.col("predicted_label").equalTo(functions.col("label"))).count();
            double accuracy = (double) right / scoredTest.count();
            Dataset<Row> unseen = spark.read().text(data.resolve("unseen.txt").toString())
                    .withColumnRenamed("value", "sentence").filter(functions.length(functions.col("sentence")).gt(0));
            List<Row> predictions = pipeline.transform(unseen).select("sentence", "predicted_label", "probability")
                    .collectAsList();

            pipeline.write().save(output.work("pipeline-model"));
            ModelLocation.copyCheckpoint(model.getModelLocation(), new org.apache.hadoop.fs.Path(output.work("hf-checkpoint")),
                    spark.sparkContext().hadoopConfiguration());
            Formats.write(pipeline.transform(unseen).select("sentence", "predicted_label", "prediction", "probability")
                    .coalesce(1), "jsonl", output.work("predictions"));
            TrainingReport report = new TrainingReport(classifier.lastTrainingHistory());
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("task", "sequence-classification");
            extra.put("workers", workers);
            extra.put("train_rows", train.count());
            extra.put("test_rows", scoredTest.count());
            extra.put("test_accuracy", accuracy);
            extra.put("fit_seconds", seconds);
            output.write(TrainingReport.METRICS, report.metrics(extra));
            output.write(TrainingReport.PLOT, report.plot());
            output.commit();

            System.out.println();
            System.out.println("Unseen sentences:");
            for (Row r : predictions) {
                System.out.printf("  %-9s %s%n", r.getString(1), r.getString(0));
            }
            System.out.println();
            List<EvalRecord> evals = classifier.lastEvaluations();
            System.out.printf("Held-out accuracy: %.3f on %d sentences (chance: 0.5); %d training steps in %.0f s%n",
                    accuracy, scoredTest.count(), classifier.lastHistory().size(), seconds);
            if (!evals.isEmpty()) {
                System.out.printf("Validation loss during training: %s%n", evals.stream()
                        .map(e -> String.format("step %d: %.3f", e.step(), e.loss())).toList());
            }
            System.out.println("Written to " + output.published("") + ":");
            System.out.println("  pipeline-model/       Spark PipelineModel: PipelineModel.load(\""
                    + output.published("pipeline-model") + "\").transform(df) with a 'sentence' column");
            System.out.println("  hf-checkpoint/        HF checkpoint: AutoModelForSequenceClassification.from_pretrained(...)");
            System.out.println("  predictions/          the unseen sentences, scored (JSON lines; probability as a number array)");
            System.out.println("  metrics.json, training_curves.png");
            System.out.printf("train samples/s=%.1f%n", report.trainSamplesPerSecond());
        }
    }

    private static Dataset<Row> tsv(SparkSession spark, Path file) {
        return Formats.read(spark, "tsv", file.toString(), "fail");
    }
}
