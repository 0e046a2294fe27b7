package dev.sparkbert.training.bench;

import dev.sparkbert.core.precision.Precision;
import dev.sparkbert.ml.evaluation.EntityEvaluator;
import dev.sparkbert.ml.evaluation.TaskMetrics;
import dev.sparkbert.ml.token.BertTokenClassificationModel;
import dev.sparkbert.training.BertTokenClassifier;
import dev.sparkbert.training.data.TrainingInputs;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Issue 4's CoNLL-2003 benchmark: fine-tunes the embedded MiniLM on the first SENTENCES sentences of
 * eng.train (2 epochs, global batch 32, lr 1e-4, 10% warm-up, max length 128), then entity-level F1
 * (exact span and type, as seqeval) on eng.testa, in every
 * inference precision. Args: CONLL_DIR WORKERS [SENTENCES].
 */
public final class ConllFineTune {

    public static void main(String[] args) {
        Benchmarks.run(() -> {
            int workers = Integer.parseInt(args[1]);
            int sentences = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
            SparkSession spark = Benchmarks.session(workers);
            Dataset<Row> train = TrainingInputs.conll(spark, args[0] + "/eng.train").limit(sentences).cache();
            Dataset<Row> testa = TrainingInputs.conll(spark, args[0] + "/eng.testa")
                    .withColumn("text", functions.concat_ws(" ", functions.col("words"))).cache();
            BertTokenClassifier trainer = new BertTokenClassifier().setModelLocation("embedded").setNumWorkers(workers)
                    .setPerWorkerBatchSize(32 / workers).setNumTrainEpochs(2).setLearningRate(1e-4).setWarmupRatio(0.1)
                    .setWeightDecay(0.01).setMaxLength(128).setSeed(42).setLoggingSteps(25);
            long t0 = System.nanoTime();
            BertTokenClassificationModel model = trainer.fit(train);
            System.out.printf("workers=%d sentences=%d fit_seconds=%.1f%n", workers, sentences, (System.nanoTime() - t0) / 1e9);
            Benchmarks.reportThroughput(trainer.lastHistory());
            for (String precision : Precision.ids()) {
                TaskMetrics.EntityCounts counts = new EntityEvaluator()
                        .counts(model.setBatchSize(64).setPrecision(precision).transform(testa));
                System.out.printf("precision %s: eng.testa entity precision=%.4f recall=%.4f F1=%.4f (gold entities"
                        + " %d)%n", precision, counts.precision(), counts.recall(), counts.f1(), counts.goldEntities());
            }
        });
    }
}
