package dev.sparkbert.cli;

import dev.sparkbert.ml.BertStageModel;
import dev.sparkbert.training.BertEstimator;
import dev.sparkbert.training.data.TrainingInputs;
import dev.sparkbert.training.report.TrainingProgress;
import dev.sparkbert.training.report.TrainingReport;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code finetune} and {@code pretrain}: fit the task's estimator on a file and write, into a new
 * output folder (any Hadoop path), the saved Spark stage ({@code model/}, whose {@code
 * data/checkpoint} is the HF checkpoint), {@code metrics.json} and {@code training_curves.png}.
 * Every estimator param is an option in kebab case ({@code learningRate} is {@code
 * --learning-rate}); an option the task's estimator does not have is refused.
 */
final class TrainCommand {

    /** Options that are not estimator params. */
    private static final Set<String> OWN = Set.of("task", "model", "train", "eval", "output", "workers", "format",
            "master", "on-bad-lines");

    private TrainCommand() {}

    /** The tasks of a command: fine-tunable ones, or pretraining (fill-mask's estimator) alone. */
    static List<BertTask> tasks(String command) {
        return command.equals("pretrain") ? List.of(BertTask.FILL_MASK) : BertTask.fineTunable();
    }

    /** Every option the command accepts: its own, plus each estimator param in kebab case. */
    static Set<String> options(String command) {
        Set<String> names = new LinkedHashSet<>(OWN);
        names.addAll(ParamOptions.of(tasks(command).stream().map(BertTask::newEstimator).toList(),
                Set.of("modelLocation", "numWorkers")));
        return names;
    }

    static void run(String command, Options o) throws Exception {
        boolean pretrain = command.equals("pretrain");
        if (pretrain && o.has("task")) {
            throw new Options.UsageException("pretrain: --task does not apply (pretraining is masked LM + next sentence)");
        }
        BertTask task = pretrain ? BertTask.FILL_MASK : BertTask.of(o.require("task"), tasks(command));
        String trainPath = o.require("train");
        String onBadLines = o.choice("on-bad-lines", "fail", Formats.ON_BAD_LINES);
        int workers = o.getInt("workers", 1);
        BertEstimator<?, ?> estimator = task.newEstimator();
        estimator.setModelLocation(o.get("model", "embedded")).setNumWorkers(workers);
        ParamOptions.apply(estimator, o, OWN, command, task.cliName());
        try (CliSession session = CliSession.forTraining(o, workers, "spark-bert " + command);
                OutputFolder output = OutputFolder.create(command, "output", o.require("output"),
                        session.spark().sparkContext().hadoopConfiguration())) {
            SparkSession spark = session.spark();
            Dataset<Row> train = pretrain ? TrainingInputs.documents(spark, trainPath)
                    : Formats.read(spark, o.get("format", Formats.of(trainPath, task)), trainPath, onBadLines);
            if (o.has("eval")) {
                String evalPath = o.require("eval");
                estimator.setValidationData(pretrain ? TrainingInputs.documents(spark, evalPath)
                        : Formats.read(spark, o.get("format", Formats.of(evalPath, task)), evalPath, onBadLines));
            }
            long t0 = System.nanoTime();
            ProgressBar bar = new ProgressBar(System.err, System.console() != null);
            TrainingProgress.addListener(bar);
            BertStageModel<?> model;
            try {
                model = (BertStageModel<?>) estimator.fit(train);
            } finally {
                TrainingProgress.removeListener(bar);
                bar.finish();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            model.write().save(output.work("model"));
            TrainingReport report = new TrainingReport(estimator.lastTrainingHistory());
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("task", task.cliName());
            extra.put("model", o.get("model", "embedded"));
            extra.put("workers", workers);
            extra.put("fit_seconds", seconds);
            output.write(TrainingReport.METRICS, report.metrics(extra));
            output.write(TrainingReport.PLOT, report.plot());
            output.commit();
            summary(command, estimator, model, report, seconds, output);
        }
    }

    private static void summary(String command, BertEstimator<?, ?> estimator, BertStageModel<?> model,
            TrainingReport report, double seconds, OutputFolder output) {
        var steps = estimator.lastHistory();
        System.out.printf("%s done: %d steps in %.1f s; training loss %.4f -> %.4f%n", command, steps.size(), seconds,
                steps.get(0).loss(), steps.get(steps.size() - 1).loss());
        var evals = estimator.lastEvaluations();
        if (!evals.isEmpty()) {
            var e = evals.get(evals.size() - 1);
            System.out.printf("validation: loss %.4f, accuracy %.4f (%d examples)%n", e.loss(), e.accuracy(), e.examples());
        }
        System.out.println("saved stage:   " + output.published("model") + "  (" + model.getClass().getName()
                + ".load(path))");
        System.out.println("HF checkpoint: " + output.published("model/data/checkpoint"));
        System.out.println("metrics:       " + output.published(TrainingReport.METRICS));
        System.out.println("curves:        " + output.published(TrainingReport.PLOT));
        System.out.printf("train samples/s=%.1f%n", report.trainSamplesPerSecond());
    }

    /** The help text. */
    static String help(String command) {
        if (command.equals("pretrain")) {
            return String.join("\n",
                    "usage: spark-bert pretrain --train FILES --output DIR [options]",
                    "  FILES: text files (globs allowed), documents separated by blank lines",
                    "  --model FOLDER|embedded  --from-scratch true|false  --next-sentence-prediction true|false",
                    "  --mlm-probability P  --whole-word-mask true|false  --static-masking true|false",
                    "  --eval FILES  --workers N",
                    "  and finetune's training options; writes what finetune writes (a fill-mask stage)");
        }
        StringBuilder b = new StringBuilder("usage: spark-bert finetune --task TASK --train FILE --output DIR [options]\n");
        b.append("  TASK:\n");
        for (BertTask t : tasks(command)) {
            b.append(String.format("    %-24s %s (%s)%n", t.cliName(), t.summary(),
                    t.estimatorClass().orElseThrow().getSimpleName()));
        }
        b.append(String.join("\n",
                "  --model      HF checkpoint folder or 'embedded' (default)",
                "  --eval FILE  validation rows (else --validation-fraction F of the training rows)",
                "  --workers N  model replicas (barrier tasks), default 1; --master URL (default: local, cores shared by the replicas)",
                "  --format     " + String.join(" | ", Formats.INPUTS) + " (conll: token-classification, squad: QA JSON)",
                "  --on-bad-lines fail (default) | skip: what to do with malformed JSON lines",
                "  every estimator param in kebab case, e.g. columns: --text-col --label-col | --words-col --tags-col |",
                "           --question-col --context-col --answer-text-col --answer-start-col | --prompt-col --choices-col",
                "  training: --learning-rate --weight-decay --adam-beta1 --adam-beta2 --adam-epsilon --max-grad-norm",
                "           --num-train-epochs --max-steps --lr-scheduler-type --warmup-steps --warmup-ratio",
                "           --per-worker-batch-size --gradient-accumulation-steps --seed --max-length --eval-steps",
                "           --validation-fraction --checkpoint-dir --checkpoint-steps --logging-steps",
                "  writes DIR/model (saved stage; HF checkpoint in DIR/model/data/checkpoint), DIR/metrics.json,",
                "  DIR/training_curves.png; the last line is train samples/s=<steady-state samples per second>"));
        return b.toString();
    }
}
