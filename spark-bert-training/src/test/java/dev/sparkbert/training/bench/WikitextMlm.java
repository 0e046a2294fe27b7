package dev.sparkbert.training.bench;

import dev.sparkbert.training.BertPretrainer;
import dev.sparkbert.training.data.TrainingInputs;
import dev.sparkbert.training.distributed.EvalRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Issue 4's masked-LM benchmark: continues pretraining the embedded MiniLM (whose MLM head is new)
 * on WikiText-2 valid (paragraphs as documents; the last 10% held out), masked LM only, 1 epoch,
 * global batch 32, lr 1e-4, max length 128. Reports the masked-token loss and top-1 accuracy on the
 * held-out paragraphs for the untrained head (one step at learning rate 0) and after training (the
 * same static masks both times). Args: WIKITEXT_VALID WORKERS [MAX_STEPS].
 */
public final class WikitextMlm {

    public static void main(String[] args) {
        Benchmarks.run(() -> {
            int workers = Integer.parseInt(args[1]);
            int maxSteps = args.length > 2 ? Integer.parseInt(args[2]) : -1;
            SparkSession spark = Benchmarks.session(workers);
            Dataset<Row> docs = TrainingInputs.documents(spark, args[0])
                    .filter(functions.not(functions.col("text").startsWith("=")))
                    .withColumn("i", functions.monotonically_increasing_id()).cache();
            long n = docs.count();
            long cut = Math.round(n * 0.9);
            Dataset<Row> ordered = docs.orderBy("i").withColumn("rank", functions.row_number().over(
                    org.apache.spark.sql.expressions.Window.orderBy("i")));
            Dataset<Row> train = ordered.filter(functions.col("rank").leq(cut)).select("text");
            Dataset<Row> heldOut = ordered.filter(functions.col("rank").gt(cut)).select("text");
            BertPretrainer untrained = pretrainer(workers, 0, 1).setValidationData(heldOut);
            untrained.fit(train);
            EvalRecord before = untrained.lastEvaluations().get(0);
            BertPretrainer trainer = pretrainer(workers, 1e-4, maxSteps).setValidationData(heldOut);
            long t0 = System.nanoTime();
            trainer.fit(train);
            System.out.printf("workers=%d paragraphs=%d train / %d held out fit_seconds=%.1f%n", workers, cut, n - cut,
                    (System.nanoTime() - t0) / 1e9);
            Benchmarks.reportThroughput(trainer.lastHistory());
            EvalRecord after = trainer.lastEvaluations().get(trainer.lastEvaluations().size() - 1);
            System.out.printf("held-out masked LM: untrained head loss=%.4f accuracy=%.4f; trained loss=%.4f"
                    + " accuracy=%.4f (%d examples)%n", before.loss(), before.accuracy(), after.loss(), after.accuracy(),
                    after.examples());
        });
    }

    private static BertPretrainer pretrainer(int workers, double lr, int maxSteps) {
        return new BertPretrainer().setModelLocation("embedded").setNextSentencePrediction(false)
                .setNumWorkers(workers).setPerWorkerBatchSize(32 / workers).setNumTrainEpochs(1).setMaxSteps(maxSteps)
                .setLearningRate(lr > 0 ? lr : 1e-30).setWarmupRatio(lr > 0 ? 0.1 : 0).setWeightDecay(0.01)
                .setMaxLength(128).setSeed(42).setLoggingSteps(10);
    }
}
