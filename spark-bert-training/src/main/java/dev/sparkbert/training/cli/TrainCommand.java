package dev.sparkbert.training.cli;

import dev.sparkbert.ml.BertStageModel;
import dev.sparkbert.ml.cli.CliSession;
import dev.sparkbert.ml.cli.Options;
import dev.sparkbert.training.BertEstimator;
import dev.sparkbert.training.BertMultipleChoiceClassifier;
import dev.sparkbert.training.BertPretrainer;
import dev.sparkbert.training.BertQuestionAnswerer;
import dev.sparkbert.training.BertSequenceClassifier;
import dev.sparkbert.training.BertTokenClassifier;
import dev.sparkbert.training.report.TrainingReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code finetune} and {@code pretrain}: fit an estimator on a file and write, into a new output
 * folder, the saved Spark stage ({@code model/}, whose {@code data/checkpoint} is the HF
 * checkpoint), {@code metrics.json} and {@code training_curves.png}. Every estimator param is an
 * option in kebab case ({@code learningRate} is {@code --learning-rate}); an option the task's
 * estimator does not have is refused.
 */
final class TrainCommand {

    /** Task name to estimator, in the order help texts list them. */
    static final Map<String, Supplier<BertEstimator<?, ?>>> TASKS = tasks();

    /** Options that are not estimator params. */
    private static final Set<String> OWN = Set.of("task", "model", "train", "eval", "output", "workers", "format",
            "master");

    private TrainCommand() {}

    private static Map<String, Supplier<BertEstimator<?, ?>>> tasks() {
        Map<String, Supplier<BertEstimator<?, ?>>> m = new LinkedHashMap<>();
        m.put("sequence-classification", BertSequenceClassifier::new);
        m.put("token-classification", BertTokenClassifier::new);
        m.put("question-answering", BertQuestionAnswerer::new);
        m.put("multiple-choice", BertMultipleChoiceClassifier::new);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** Every option name the command accepts: its own, plus each estimator param in kebab case. */
    static Set<String> options(String command) {
        Set<String> names = new LinkedHashSet<>(OWN);
        List<BertEstimator<?, ?>> estimators = command.equals("pretrain") ? List.of(new BertPretrainer())
                : TASKS.values().stream().<BertEstimator<?, ?>>map(Supplier::get).toList();
        for (BertEstimator<?, ?> e : estimators) {
            for (org.apache.spark.ml.param.Param<?> p : e.params()) {
                names.add(kebab(p.name()));
            }
        }
        names.remove("model-location");
        names.remove("num-workers");
        return names;
    }

    static void run(String command, Options o) throws Exception {
        boolean pretrain = command.equals("pretrain");
        String task = pretrain ? "pretraining" : o.require("task");
        if (!pretrain && !TASKS.containsKey(task)) {
            throw new Options.UsageException(command + ": --task '" + task + "' is not one of " + TASKS.keySet());
        }
        if (pretrain && o.has("task")) {
            throw new Options.UsageException("pretrain: --task does not apply (pretraining is masked LM + next sentence)");
        }
        String trainPath = o.require("train");
        Path output = Path.of(o.require("output"));
        if (Files.exists(output)) {
            throw new Options.UsageException(command + ": --output " + output + " already exists; give a new folder");
        }
        int workers = o.getInt("workers", 1);
        BertEstimator<?, ?> estimator = pretrain ? new BertPretrainer() : TASKS.get(task).get();
        estimator.setModelLocation(o.get("model", "embedded")).setNumWorkers(workers);
        for (String name : options(command)) {
            if (!OWN.contains(name) && o.has(name)) {
                setParam(command, task, estimator, name, o.get(name, null));
            }
        }
        String master = "local[" + Math.max(workers, Runtime.getRuntime().availableProcessors()) + "]";
        try (CliSession session = CliSession.start(o, master, "spark-bert " + command)) {
            SparkSession spark = session.spark();
            Dataset<Row> train;
            String format = null;
            if (pretrain) {
                train = TrainingInputs.documents(spark, trainPath);
            } else {
                format = o.get("format", TrainingInputs.formatOf(trainPath, task));
                TrainingInputs.checkFormat(format);
                train = TrainingInputs.read(spark, format, trainPath);
            }
            if (o.has("eval")) {
                String evalPath = o.require("eval");
                estimator.setValidationData(pretrain ? TrainingInputs.documents(spark, evalPath)
                        : TrainingInputs.read(spark, o.get("format", TrainingInputs.formatOf(evalPath, task)), evalPath));
            }
            long t0 = System.nanoTime();
            BertStageModel<?> model = (BertStageModel<?>) estimator.fit(train);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Files.createDirectories(output);
            model.write().save(output.resolve("model").toString());
            TrainingReport report = new TrainingReport(estimator.lastTrainingHistory());
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("task", task);
            extra.put("model", o.get("model", "embedded"));
            extra.put("workers", workers);
            extra.put("fit_seconds", seconds);
            report.writeTo(output, extra);
            summary(command, estimator, model, report, seconds, output);
        }
    }

    static void summary(String command, BertEstimator<?, ?> estimator, BertStageModel<?> model, TrainingReport report,
            double seconds, Path output) {
        var steps = estimator.lastHistory();
        System.out.printf("%s done: %d steps in %.1f s; training loss %.4f -> %.4f%n", command, steps.size(), seconds,
                steps.get(0).loss(), steps.get(steps.size() - 1).loss());
        var evals = estimator.lastEvaluations();
        if (!evals.isEmpty()) {
            var e = evals.get(evals.size() - 1);
            System.out.printf("validation: loss %.4f, accuracy %.4f (%d examples)%n", e.loss(), e.accuracy(), e.examples());
        }
        System.out.println("saved stage:   " + output.resolve("model") + "  (" + model.getClass().getName()
                + ".load(path))");
        System.out.println("HF checkpoint: " + output.resolve("model/data/checkpoint"));
        System.out.println("metrics:       " + output.resolve(TrainingReport.METRICS));
        System.out.println("curves:        " + output.resolve(TrainingReport.PLOT));
        System.out.printf("train samples/s=%.1f%n", report.trainSamplesPerSecond());
    }

    /** Sets the estimator param behind a kebab-case option, parsed by the param's type. */
    private static void setParam(String command, String task, BertEstimator<?, ?> e, String option, String value) {
        String name = camel(option);
        if (!e.hasParam(name)) {
            throw new Options.UsageException(command + ": --" + option + " does not apply to " + task);
        }
        Param<?> p = e.getParam(name);
        try {
            if (p instanceof IntParam) {
                e.set((IntParam) p, Integer.parseInt(value));
            } else if (p instanceof LongParam) {
                e.set((LongParam) p, Long.parseLong(value));
            } else if (p instanceof DoubleParam) {
                e.set((DoubleParam) p, Double.parseDouble(value));
            } else if (p instanceof BooleanParam) {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new NumberFormatException(value);
                }
                e.set((BooleanParam) p, Boolean.parseBoolean(value));
            } else {
                @SuppressWarnings("unchecked")
                Param<String> s = (Param<String>) p;
                e.set(s, value);
            }
        } catch (NumberFormatException ex) {
            throw new Options.UsageException(command + ": --" + option + " got '" + value + "', which is not a valid "
                    + p.getClass().getSimpleName().replace("Param", "").toLowerCase());
        } catch (IllegalArgumentException ex) {
            throw new Options.UsageException(command + ": --" + option + " " + value + ": " + ex.getMessage());
        }
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    static String camel(String kebab) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    /** Used by the help text: the format names training inputs may have. */
    static String formats() {
        return "jsonl | parquet | csv | tsv (header) | conll (token-classification) | squad (question-answering JSON)";
    }
}
