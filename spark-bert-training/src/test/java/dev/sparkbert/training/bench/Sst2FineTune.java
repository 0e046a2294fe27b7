package dev.sparkbert.training.bench;

import dev.sparkbert.ml.classification.BertSequenceClassificationModel;
import dev.sparkbert.training.BertSequenceClassifier;
import dev.sparkbert.training.distributed.StepRecord;
import java.util.List;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Issue 4's SST-2 benchmark: fine-tunes the embedded all-MiniLM-L6-v2 on the first 8,000 rows of
 * SST-2 train (1 epoch, global batch 32, lr 1e-4, 10% warm-up, weight decay 0.01, max length 64,
 * seed 42) with W workers, then reports dev accuracy, steady-state samples/s and the all-reduce's
 * share of step time. Args: SST2_DIR WORKERS [ROWS] [MAX_STEPS] (MAX_STEPS: stop early, for throughput
 * only).
 */
public final class Sst2FineTune {

    public static void main(String[] args) {
        try {
            run(args);
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1); // Spark's non-daemon barrier timer would keep the JVM alive
        }
        System.exit(0); // native thread pools would keep the JVM alive
    }

    private static void run(String[] args) {
        String dir = args[0];
        int workers = Integer.parseInt(args[1]);
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 8000;
        int maxSteps = args.length > 3 ? Integer.parseInt(args[3]) : -1;
        SparkSession spark = SparkSession.builder().master(System.getProperty("sparkbert.master", "local[" + Math.max(2, workers) + "]"))
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Dataset<Row> train = read(spark, dir + "/train.tsv").limit(rows).cache();
        Dataset<Row> dev = read(spark, dir + "/dev.tsv").cache();
        BertSequenceClassifier trainer = new BertSequenceClassifier().setModelLocation("embedded")
                .setTextCol("sentence").setLabelCol("label").setNumWorkers(workers).setPerWorkerBatchSize(32 / workers)
                .setNumTrainEpochs(1).setLearningRate(1e-4).setWarmupRatio(0.1).setWeightDecay(0.01).setMaxLength(64)
                .setSeed(42).setLoggingSteps(25).setMaxSteps(maxSteps);
        long t0 = System.nanoTime();
        BertSequenceClassificationModel model = trainer.fit(train);
        double fitSeconds = (System.nanoTime() - t0) / 1e9;
        List<StepRecord> h = trainer.lastHistory();
        List<StepRecord> steady = h.subList(Math.min(10, h.size() - 1), h.size());
        double secs = steady.stream().mapToDouble(StepRecord::seconds).sum();
        double allReduce = steady.stream().mapToDouble(StepRecord::allReduceSeconds).sum();
        long samples = steady.stream().mapToLong(StepRecord::examples).sum();
        double accuracy = new MulticlassClassificationEvaluator().setLabelCol("label").setMetricName("accuracy")
                .evaluate(model.setBatchSize(64).transform(dev.selectExpr("sentence", "CAST(label AS DOUBLE) AS label")));
        System.out.printf("workers=%d rows=%d steps=%d fit_seconds=%.1f first_loss=%.4f last_loss=%.4f%n", workers,
                rows, h.size(), fitSeconds, h.get(0).loss(), h.get(h.size() - 1).loss());
        System.out.printf("dev accuracy=%.4f%n", accuracy);
        System.out.printf("all-reduce share of step time=%.3f%n", allReduce / secs);
        System.out.printf("train samples/s=%.1f%n", samples / secs);
        spark.stop();
    }

    private static Dataset<Row> read(SparkSession spark, String path) {
        return spark.read().option("header", "true").option("sep", "\t").option("quote", "\u0000")
                .option("inferSchema", "true").csv(path);
    }
}
