package dev.sparkbert.training.report;

import dev.sparkbert.ml.BertStageModel;
import dev.sparkbert.ml.classification.BertSequenceClassificationModel;
import dev.sparkbert.ml.evaluation.EntityEvaluator;
import dev.sparkbert.ml.evaluation.QuestionAnsweringEvaluator;
import dev.sparkbert.ml.evaluation.TaskMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.NumericType;

/**
 * How a task's model is scored on labelled data, as the task's standard script scores it (the CLI's
 * {@code evaluate}), and the Spark ML evaluator of its main metric.
 */
public enum TaskEvaluator {
    /** Accuracy and weighted F1 of the predicted class (MLlib's evaluator) against a label column. */
    CLASSIFICATION(MulticlassClassificationEvaluator.class) {
        @Override
        public Map<String, Object> evaluate(BertStageModel<?> stage, Dataset<Row> data, String labelCol) {
            Dataset<Row> scored = stage.transform(data);
            if (stage instanceof BertSequenceClassificationModel
                    && !(data.schema().apply(labelCol).dataType() instanceof NumericType)) {
                // String labels: their index in the model's id2label.
                List<String> names = List.copyOf(stage.config().getId2label().values());
                scored = scored.withColumn("__gold", functions.array_position(
                        functions.array(names.stream().map(functions::lit).toArray(Column[]::new)),
                        functions.col(labelCol)).minus(1).cast("double"));
            } else {
                scored = scored.withColumn("__gold", functions.col(labelCol).cast("double"));
            }
            MulticlassClassificationEvaluator evaluator = new MulticlassClassificationEvaluator().setLabelCol("__gold");
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("accuracy", evaluator.setMetricName("accuracy").evaluate(scored));
            metrics.put("weighted_f1", evaluator.setMetricName("f1").evaluate(scored));
            metrics.put("rows", scored.count());
            return metrics;
        }
    },
    /**
     * Entity-level precision, recall and F1 (seqeval) on CoNLL rows of words and BIO tags; the
     * model tags the words joined by single spaces.
     */
    ENTITIES(EntityEvaluator.class) {
        @Override
        public Map<String, Object> evaluate(BertStageModel<?> stage, Dataset<Row> data, String labelCol) {
            Dataset<Row> text = data.withColumn("__text", functions.concat_ws(" ", functions.col("words")));
            BertStageModel<?> tagger = stage.copy(new org.apache.spark.ml.param.ParamMap());
            tagger.set(tagger.getParam("textCol"), "__text");
            tagger.set(tagger.getParam("entitiesCol"), "__entities");
            TaskMetrics.EntityCounts counts = new EntityEvaluator().setTextCol("__text").setEntitiesCol("__entities")
                    .counts(tagger.transform(text));
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("entity_precision", counts.precision());
            metrics.put("entity_recall", counts.recall());
            metrics.put("entity_f1", counts.f1());
            metrics.put("gold_entities", counts.goldEntities());
            return metrics;
        }
    },
    /** SQuAD v1.1 exact match and F1 (percent) of the best answer against all gold answers ({@code answers}). */
    SQUAD(QuestionAnsweringEvaluator.class) {
        @Override
        public Map<String, Object> evaluate(BertStageModel<?> stage, Dataset<Row> data, String labelCol) {
            String answer = stage.getOrDefault(stage.getParam("answerCol")).toString();
            QuestionAnsweringEvaluator.Scores s = new QuestionAnsweringEvaluator().setAnswerCol(answer)
                    .setAnswerTextCol("answers").scores(stage.transform(data));
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("exact_match", s.exactMatch());
            metrics.put("f1", s.f1());
            metrics.put("questions", s.questions());
            return metrics;
        }
    };

    private final Class<? extends Evaluator> sparkEvaluator;

    TaskEvaluator(Class<? extends Evaluator> sparkEvaluator) {
        this.sparkEvaluator = sparkEvaluator;
    }

    /** The Spark ML evaluator of the task's main metric (for tuning), MLlib's or ours. */
    public Class<? extends Evaluator> sparkEvaluator() {
        return sparkEvaluator;
    }

    /**
     * The metrics of {@code stage} on {@code data}, by name.
     *
     * @param labelCol the gold label column (classification)
     */
    public abstract Map<String, Object> evaluate(BertStageModel<?> stage, Dataset<Row> data, String labelCol);
}
