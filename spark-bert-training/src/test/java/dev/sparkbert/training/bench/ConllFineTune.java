package dev.sparkbert.training.bench;

import dev.sparkbert.ml.token.BertTokenClassificationModel;
import dev.sparkbert.training.BertTokenClassifier;
import dev.sparkbert.training.cli.TrainingInputs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Issue 4's CoNLL-2003 benchmark: fine-tunes the embedded MiniLM on the first SENTENCES sentences of
 * eng.train (2 epochs, global batch 32, lr 1e-4, 10% warm-up, max length 128), then entity-level F1
 * (exact span and type, as seqeval) on eng.testa. Args: CONLL_DIR WORKERS [SENTENCES].
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
            long tp = 0;
            long fp = 0;
            long fn = 0;
            for (Row r : model.setBatchSize(64).transform(testa).select("words", "tags", "entities").collectAsList()) {
                List<String> words = r.getList(0);
                Set<String> gold = goldSpans(r.getList(1));
                Set<String> predicted = predictedSpans(words, r.getList(2));
                for (String p : predicted) {
                    if (gold.contains(p)) {
                        tp++;
                    } else {
                        fp++;
                    }
                }
                for (String g : gold) {
                    fn += predicted.contains(g) ? 0 : 1;
                }
            }
            double precision = tp / (double) (tp + fp);
            double recall = tp / (double) (tp + fn);
            System.out.printf("eng.testa entity precision=%.4f recall=%.4f F1=%.4f (gold entities %d)%n", precision,
                    recall, 2 * precision * recall / (precision + recall), tp + fn);
        });
    }

    /** Entities of a BIO sequence as "TYPE:firstWord:lastWord"; an I- tag after another type starts one (seqeval). */
    static Set<String> goldSpans(List<String> tags) {
        Set<String> out = new HashSet<>();
        String type = null;
        int start = -1;
        for (int i = 0; i <= tags.size(); i++) {
            String t = i < tags.size() ? tags.get(i) : "O";
            String ty = t.length() > 2 ? t.substring(2) : null;
            boolean begins = t.startsWith("B-") || (t.startsWith("I-") && !ty.equals(type));
            if (type != null && (t.equals("O") || begins)) {
                out.add(type + ":" + start + ":" + (i - 1));
                type = null;
            }
            if (begins) {
                type = ty;
                start = i;
            }
        }
        return out;
    }

    /** Predicted entities (char offsets into the words joined by spaces) as word spans. */
    static Set<String> predictedSpans(List<String> words, List<Row> entities) {
        List<Integer> starts = new ArrayList<>();
        int at = 0;
        for (String w : words) {
            starts.add(at);
            at += w.length() + 1;
        }
        Set<String> out = new HashSet<>();
        for (Row e : entities) {
            int first = wordAt(starts, e.<Integer>getAs("start"));
            int last = wordAt(starts, e.<Integer>getAs("end") - 1);
            out.add(e.getAs("entity_group") + ":" + first + ":" + last);
        }
        return out;
    }

    private static int wordAt(List<Integer> starts, int ch) {
        int w = 0;
        while (w + 1 < starts.size() && starts.get(w + 1) <= ch) {
            w++;
        }
        return w;
    }
}
