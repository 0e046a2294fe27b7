package dev.sparkbert.training.bench;

import dev.sparkbert.core.precision.Precision;
import dev.sparkbert.ml.classification.BertSequenceClassificationModel;
import dev.sparkbert.training.BertSequenceClassifier;
import java.util.List;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Issue 4's SST-2 benchmark: fine-tunes the embedded all-MiniLM-L6-v2 on the first 8,000 rows of
 * SST-2 train (1 epoch, global batch 32, lr 1e-4, 10% warm-up, weight decay 0.01, max length 64,
 * seed 42 unless given) with W workers, then reports dev accuracy in every inference precision
 * (with the largest logit difference from fp32), steady-state samples/s and the all-reduce's share
 * of step time. Args: SST2_DIR WORKERS [ROWS] [MAX_STEPS [TRAINING_PRECISION [SEED]]] (MAX_STEPS:
 * stop early, for throughput only, -1: the whole epoch; TRAINING_PRECISION: fp32 or bf16).
 */
public final class Sst2FineTune {

    public static void main(String[] args) {
        Benchmarks.run(() -> {
            String dir = args[0];
            int workers = Integer.parseInt(args[1]);
            int rows = args.length > 2 ? Integer.parseInt(args[2]) : 8000;
            int maxSteps = args.length > 3 ? Integer.parseInt(args[3]) : -1;
            String trainingPrecision = args.length > 4 ? args[4] : "fp32";
            long seed = args.length > 5 ? Long.parseLong(args[5]) : 42;
            SparkSession spark = Benchmarks.session(workers);
            Dataset<Row> train = read(spark, dir + "/train.tsv").limit(rows).cache();
            Dataset<Row> dev = read(spark, dir + "/dev.tsv").cache();
            BertSequenceClassifier trainer = new BertSequenceClassifier().setModelLocation("embedded")
                    .setTextCol("sentence").setLabelCol("label").setNumWorkers(workers).setPerWorkerBatchSize(32 / workers)
                    .setNumTrainEpochs(1).setLearningRate(1e-4).setWarmupRatio(0.1).setWeightDecay(0.01).setMaxLength(64)
                    .setSeed(seed).setLoggingSteps(25).setMaxSteps(maxSteps).setTrainingPrecision(trainingPrecision);
            long t0 = System.nanoTime();
            BertSequenceClassificationModel model = trainer.fit(train);
            System.out.printf("workers=%d rows=%d trainingPrecision=%s seed=%d fit_seconds=%.1f%n", workers,
                    rows, trainingPrecision, seed, (System.nanoTime() - t0) / 1e9);
            Benchmarks.reportThroughput(trainer.lastHistory());
            Dataset<Row> labelled = dev.selectExpr("sentence", "CAST(label AS DOUBLE) AS label");
            List<Row> fp32 = null;
            for (String precision : Precision.ids()) {
                Dataset<Row> scored = model.setBatchSize(64).setPrecision(precision).transform(labelled).cache();
                double accuracy = new MulticlassClassificationEvaluator().setLabelCol("label")
                        .setMetricName("accuracy").evaluate(scored);
                List<Row> logits = scored.select("rawPrediction").collectAsList();
                fp32 = fp32 == null ? logits : fp32;
                System.out.printf("precision %s: dev accuracy=%.4f max |logit - fp32 logit|=%.4f%n", precision,
                        accuracy, maxAbsDiff(logits, fp32));
            }
        });
    }

    /** Largest element-wise difference of two lists of vector rows, row by row. */
    private static double maxAbsDiff(List<Row> a, List<Row> b) {
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            double[] x = ((Vector) a.get(i).get(0)).toArray();
            double[] y = ((Vector) b.get(i).get(0)).toArray();
            for (int k = 0; k < x.length; k++) {
                max = Math.max(max, Math.abs(x[k] - y[k]));
            }
        }
        return max;
    }

    private static Dataset<Row> read(SparkSession spark, String path) {
        return spark.read().option("header", "true").option("sep", "\t").option("quote", "\u0000")
                .option("inferSchema", "true").csv(path);
    }
}
