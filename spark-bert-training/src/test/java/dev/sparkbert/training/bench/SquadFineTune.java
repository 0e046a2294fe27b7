package dev.sparkbert.training.bench;

import dev.sparkbert.ml.evaluation.QuestionAnsweringEvaluator;
import dev.sparkbert.ml.qa.BertQuestionAnsweringModel;
import dev.sparkbert.training.BertQuestionAnswerer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Issue 4's SQuAD benchmark: fine-tunes the embedded MiniLM on the first 80% of the articles of
 * dev-v1.1.part1.json (1 epoch, global batch 32, lr 1e-4, 10% warm-up, max length MAX_LEN, stride
 * 96), then exact match and F1 with the official SQuAD normalisation (best over the gold answers)
 * on the other articles. Args: SQUAD_FILE WORKERS [MAX_LEN [MAX_STEPS [SEED [SAVE_DIR [MODEL]]]]]
 * (MAX_STEPS -1: the whole epoch; SAVE_DIR, unless empty, keeps the stage, its HF checkpoint under
 * {@code data/checkpoint}; MODEL: the checkpoint to start from, default the embedded MiniLM),
 * or SQUAD_FILE score CHECKPOINT_DIR [MAX_LEN] to only score an HF checkpoint (e.g. one the HF
 * anchor loop trained: the same scoring for both).
 */
public final class SquadFineTune {

    public static void main(String[] args) {
        Benchmarks.run(() -> {
            boolean scoreOnly = "score".equals(args[1]);
            int workers = scoreOnly ? 1 : Integer.parseInt(args[1]);
            int lenAt = scoreOnly ? 3 : 2; // score mode has the checkpoint where training has MAX_LEN
            int maxLen = args.length > lenAt ? Integer.parseInt(args[lenAt]) : 256;
            int maxSteps = !scoreOnly && args.length > 3 ? Integer.parseInt(args[3]) : -1;
            long seed = !scoreOnly && args.length > 4 ? Long.parseLong(args[4]) : 42;
            String start = !scoreOnly && args.length > 6 ? args[6] : "embedded";
            SparkSession spark = Benchmarks.session(workers);
            Dataset<Row> articles = spark.read().option("multiLine", "true").json(args[0])
                    .select(functions.posexplode(functions.col("data")).as(new String[] {"article", "a"}));
            long n = articles.count();
            Dataset<Row> qas = articles.select(functions.col("article"), functions.explode(functions.col("a.paragraphs")).as("p"))
                    .select(functions.col("article"), functions.col("p.context").as("context"),
                            functions.explode(functions.col("p.qas")).as("qa"))
                    .select(functions.col("article"), functions.col("qa.id").as("id"),
                            functions.col("qa.question").as("question"), functions.col("context"),
                            functions.col("qa.answers.text").as("answers"),
                            functions.col("qa.answers").getItem(0).getField("text").as("answer_text"),
                            functions.col("qa.answers").getItem(0).getField("answer_start").cast("int").as("answer_start"))
                    .cache();
            long cut = Math.round(n * 0.8);
            System.out.printf("articles: %d for training, %d held out%n", cut, n - cut);
            Dataset<Row> train = qas.filter(functions.col("article").lt(cut));
            Dataset<Row> test = qas.filter(functions.col("article").geq(cut));
            BertQuestionAnsweringModel model = scoreOnly
                    ? BertQuestionAnsweringModel.fromPretrained(args[2]).setMaxLength(maxLen).setDocStride(96)
                    : train(train, start, workers, maxLen, maxSteps, seed);
            if (args.length > 5 && !args[5].isEmpty() && !scoreOnly) {
                model.write().save(args[5]);
            }
            QuestionAnsweringEvaluator.Scores s = new QuestionAnsweringEvaluator().setAnswerTextCol("answers")
                    .scores(model.setBatchSize(32).transform(test));
            System.out.printf("held-out questions=%d exact_match=%.2f F1=%.2f%n", s.questions(), s.exactMatch(), s.f1());
        });
    }

    private static BertQuestionAnsweringModel train(Dataset<Row> train, String start, int workers, int maxLen,
            int maxSteps, long seed) {
        BertQuestionAnswerer trainer = new BertQuestionAnswerer().setModelLocation(start).setNumWorkers(workers)
                .setPerWorkerBatchSize(32 / workers).setNumTrainEpochs(1).setMaxSteps(maxSteps).setLearningRate(1e-4)
                .setWarmupRatio(0.1).setWeightDecay(0.01).setMaxLength(maxLen).setDocStride(96).setSeed(seed)
                .setLoggingSteps(10);
        long t0 = System.nanoTime();
        BertQuestionAnsweringModel model = trainer.fit(train);
        System.out.printf("workers=%d seed=%d train questions=%d fit_seconds=%.1f%n", workers, seed, train.count(),
                (System.nanoTime() - t0) / 1e9);
        Benchmarks.reportThroughput(trainer.lastHistory());
        return model;
    }
}
