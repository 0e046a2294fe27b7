package dev.sparkbert.cli;

import com.google.gson.GsonBuilder;
import dev.sparkbert.ml.BertStageModel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code evaluate}: scores a labelled file with a model and prints the task's metrics (its {@link
 * BertTask#evaluator()}); {@code --output} also writes them as JSON to a new file.
 */
final class EvaluateCommand {

    private static final Set<String> OWN = Set.of("task", "model", "input", "format", "label-col", "output",
            "master", "on-bad-lines");

    private EvaluateCommand() {}

    /** Every option: its own plus every param of the evaluable tasks' models. */
    static Set<String> options() {
        Set<String> names = new java.util.LinkedHashSet<>(OWN);
        names.addAll(ParamOptions.of(BertTask.evaluable().stream().map(BertTask::newModel).toList(),
                Set.of("modelLocation")));
        return names;
    }

    static void run(Options o) throws Exception {
        BertTask task = BertTask.of(o.require("task"), BertTask.evaluable());
        String input = o.require("input");
        String onBadLines = o.choice("on-bad-lines", "fail", Formats.ON_BAD_LINES);
        try (CliSession session = CliSession.start(o, "local[*]", "spark-bert evaluate")) {
            org.apache.hadoop.fs.Path output = o.has("output") ? new org.apache.hadoop.fs.Path(o.require("output")) : null;
            org.apache.hadoop.fs.FileSystem fs = output == null ? null
                    : output.getFileSystem(session.spark().sparkContext().hadoopConfiguration());
            if (output != null && fs.exists(output)) {
                throw new Options.UsageException("evaluate: --output " + output + " already exists");
            }
            Dataset<Row> data = Formats.read(session.spark(), o.get("format", Formats.of(input, task)), input, onBadLines);
            BertStageModel<?> stage = PredictCommand.stage(task, o.get("model", "embedded"));
            ParamOptions.apply(stage, o, OWN, "evaluate", task.cliName());
            Map<String, Object> metrics = task.evaluator().orElseThrow().evaluate(stage, data, o.get("label-col", "label"));
            metrics.forEach((k, v) -> System.out.println(k + "=" + v));
            if (output != null) {
                try (var out = fs.create(output, false)) {
                    out.write(new GsonBuilder().setPrettyPrinting().create().toJson(metrics)
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    static String help() {
        return String.join("\n",
                "usage: spark-bert evaluate --task TASK --model MODEL --input FILE [--output metrics.json] [options]",
                "  TASK: " + String.join(" | ", BertTask.names(BertTask.evaluable())),
                "  --model      saved stage folder (finetune's DIR/model), HF checkpoint folder, or 'embedded'",
                "  --format     " + String.join(" | ", Formats.INPUTS),
                "  --label-col  gold label column (default label); any param of the task's stage in kebab case",
                "  metrics: accuracy + weighted F1 | entity-level P/R/F1 (CoNLL) | SQuAD exact match + F1");
    }
}
