package dev.sparkbert.training.cli;

import com.google.gson.GsonBuilder;
import dev.sparkbert.ml.BertStageModel;
import dev.sparkbert.ml.classification.BertSequenceClassificationModel;
import dev.sparkbert.ml.cli.CliSession;
import dev.sparkbert.ml.cli.Options;
import dev.sparkbert.ml.cli.PredictCommand;
import dev.sparkbert.training.report.TaskMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * {@code evaluate}: scores a labelled file with a model and prints the task's metrics (accuracy and
 * weighted F1 for sequence classification and multiple choice, entity-level F1 for token
 * classification on CoNLL data, exact match and F1 for SQuAD); {@code --output} also writes them as
 * JSON to a new file.
 */
final class EvaluateCommand {

    static final Set<String> OPTIONS = new LinkedHashSet<>(List.of("task", "model", "input", "format", "label-col",
            "output", "batch-size", "max-length", "master"));

    static {
        OPTIONS.addAll(PredictCommand.columnOptions());
    }

    private EvaluateCommand() {}

    static void run(Options o) throws Exception {
        String task = o.require("task");
        if (!TrainCommand.TASKS.containsKey(task)) {
            throw new Options.UsageException("evaluate: --task '" + task + "' is not one of "
                    + TrainCommand.TASKS.keySet());
        }
        String input = o.require("input");
        Path output = o.has("output") ? Path.of(o.require("output")) : null;
        if (output != null && Files.exists(output)) {
            throw new Options.UsageException("evaluate: --output " + output + " already exists");
        }
        try (CliSession session = CliSession.start(o, "local[*]", "spark-bert evaluate")) {
            String format = o.get("format", TrainingInputs.formatOf(input, task));
            TrainingInputs.checkFormat(format);
            Dataset<Row> data = TrainingInputs.read(session.spark(), format, input);
            BertStageModel<?> stage = PredictCommand.stage(task, o.get("model", "embedded"));
            PredictCommand.configure(stage, o, "evaluate", task);
            String label = o.get("label-col", "label");
            Map<String, Object> metrics = new LinkedHashMap<>();
            switch (task) {
                case "token-classification": {
                    TaskMetrics.EntityCounts counts = new TaskMetrics.EntityCounts();
                    Dataset<Row> text = data.withColumn("text", functions.concat_ws(" ", functions.col("words")));
                    stage.set(stage.getParam("textCol"), "text");
                    for (Row r : stage.transform(text).select("words", "tags", "entities").collectAsList()) {
                        counts.addScored(r);
                    }
                    metrics.put("entity_precision", counts.precision());
                    metrics.put("entity_recall", counts.recall());
                    metrics.put("entity_f1", counts.f1());
                    metrics.put("gold_entities", counts.goldEntities());
                    break;
                }
                case "question-answering": {
                    double em = 0;
                    double f1 = 0;
                    List<Row> rows = stage.transform(data).select("answers", "answer.text").collectAsList();
                    for (Row r : rows) {
                        String predicted = r.isNullAt(1) ? "" : r.getString(1);
                        em += TaskMetrics.exactMatch(predicted, r.getList(0));
                        f1 += TaskMetrics.answerF1(predicted, r.getList(0));
                    }
                    metrics.put("exact_match", 100 * em / rows.size());
                    metrics.put("f1", 100 * f1 / rows.size());
                    metrics.put("questions", rows.size());
                    break;
                }
                default: {
                    Dataset<Row> scored = stage.transform(data);
                    if (stage instanceof BertSequenceClassificationModel && !(data.schema().apply(label).dataType()
                            instanceof org.apache.spark.sql.types.NumericType)) {
                        // String labels: their index in the model's id2label.
                        List<String> names = List.copyOf(stage.config().getId2label().values());
                        scored = scored.withColumn("__gold", functions.array_position(
                                functions.array(names.stream().map(functions::lit).toArray(org.apache.spark.sql.Column[]::new)),
                                functions.col(label)).minus(1).cast("double"));
                    } else {
                        scored = scored.withColumn("__gold", functions.col(label).cast("double"));
                    }
                    var evaluator = new org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator()
                            .setLabelCol("__gold");
                    metrics.put("accuracy", evaluator.setMetricName("accuracy").evaluate(scored));
                    metrics.put("weighted_f1", evaluator.setMetricName("f1").evaluate(scored));
                    metrics.put("rows", scored.count());
                }
            }
            metrics.forEach((k, v) -> System.out.println(k + "=" + v));
            if (output != null) {
                Files.writeString(output, new GsonBuilder().setPrettyPrinting().create().toJson(metrics));
            }
        }
    }
}
