package dev.sparkbert.cli;

import dev.sparkbert.ml.BertStageModel;
import dev.sparkbert.ml.choice.BertMultipleChoiceModel;
import dev.sparkbert.ml.classification.BertSequenceClassificationModel;
import dev.sparkbert.ml.embedding.BertEmbeddingModel;
import dev.sparkbert.ml.evaluation.BertEvaluator;
import dev.sparkbert.ml.lm.BertCausalLMModel;
import dev.sparkbert.ml.lm.BertMaskedLMModel;
import dev.sparkbert.ml.lm.BertNextSentenceModel;
import dev.sparkbert.ml.qa.BertQuestionAnsweringModel;
import dev.sparkbert.ml.token.BertTokenClassificationModel;
import dev.sparkbert.training.BertEstimator;
import dev.sparkbert.training.BertMultipleChoiceClassifier;
import dev.sparkbert.training.BertPretrainer;
import dev.sparkbert.training.BertQuestionAnswerer;
import dev.sparkbert.training.BertSequenceClassifier;
import dev.sparkbert.training.BertTokenClassifier;
import dev.sparkbert.training.distributed.Objective;
import dev.sparkbert.training.report.TaskEvaluator;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The tasks spark-bert runs, the one list everything else is derived from: the command line's
 * task names and help texts, {@code evaluate}, the evaluators, and the Python wrappers. Per task: its name, the
 * inference Model (which names the HF architecture it runs), the Estimator that trains it (if
 * any), the objective it trains with and how it is evaluated.
 */
public enum BertTask {
    SEQUENCE_CLASSIFICATION("sequence-classification", "text or text-pair classification, regression, multi-label",
            BertSequenceClassificationModel.class, BertSequenceClassifier.class, Objective.SEQUENCE_CLASSIFICATION,
            TaskEvaluator.CLASSIFICATION),
    TOKEN_CLASSIFICATION("token-classification", "named entities and tagging",
            BertTokenClassificationModel.class, BertTokenClassifier.class, Objective.TOKEN_CLASSIFICATION,
            TaskEvaluator.ENTITIES),
    QUESTION_ANSWERING("question-answering", "extractive question answering (SQuAD)",
            BertQuestionAnsweringModel.class, BertQuestionAnswerer.class, Objective.QUESTION_ANSWERING,
            TaskEvaluator.SQUAD),
    MULTIPLE_CHOICE("multiple-choice", "the best of several answers (SWAG, CommonsenseQA)",
            BertMultipleChoiceModel.class, BertMultipleChoiceClassifier.class, Objective.MULTIPLE_CHOICE,
            TaskEvaluator.CLASSIFICATION),
    FILL_MASK("fill-mask", "masked-token candidates; trained by pretraining on documents",
            BertMaskedLMModel.class, BertPretrainer.class, Objective.PRETRAINING, null),
    NEXT_SENTENCE("next-sentence", "whether sentence B follows sentence A",
            BertNextSentenceModel.class, null, null, null),
    CAUSAL_LM("causal-lm", "log-likelihood and perplexity of texts (decoder checkpoints)",
            BertCausalLMModel.class, null, null, null),
    EMBEDDING("embedding", "sentence and token embeddings",
            BertEmbeddingModel.class, null, null, null);

    private final String cliName;
    private final String summary;
    private final Class<? extends BertStageModel<?>> model;
    private final Class<? extends BertEstimator<?, ?>> estimator;
    private final Objective objective;
    private final TaskEvaluator evaluator;

    BertTask(String cliName, String summary, Class<? extends BertStageModel<?>> model,
            Class<? extends BertEstimator<?, ?>> estimator, Objective objective, TaskEvaluator evaluator) {
        this.cliName = cliName;
        this.summary = summary;
        this.model = model;
        this.estimator = estimator;
        this.objective = objective;
        this.evaluator = evaluator;
    }

    /** The name on the command line ({@code --task}). */
    public String cliName() {
        return cliName;
    }

    /** One line for help texts. */
    public String summary() {
        return summary;
    }

    public Class<? extends BertStageModel<?>> modelClass() {
        return model;
    }

    public Optional<Class<? extends BertEstimator<?, ?>>> estimatorClass() {
        return Optional.ofNullable(estimator);
    }

    /** What the estimator trains with by default. */
    public Optional<Objective> objective() {
        return Optional.ofNullable(objective);
    }

    public Optional<TaskEvaluator> evaluator() {
        return Optional.ofNullable(evaluator);
    }

    /** The HF head class the task's model runs, e.g. {@code BertForSequenceClassification}. */
    public String architecture() {
        return newModel().architecture();
    }

    /** A new inference stage with default params. */
    public BertStageModel<?> newModel() {
        return instance(model);
    }

    /** The stage over a checkpoint location (its config read on the driver, as {@code fromPretrained}). */
    public BertStageModel<?> fromPretrained(String location) {
        BertStageModel<?> m = newModel();
        m.setModelLocation(location);
        m.config();
        return m;
    }

    /** A new estimator with default params; fails for tasks without one. */
    public BertEstimator<?, ?> newEstimator() {
        return instance(estimatorClass().orElseThrow(() -> new IllegalArgumentException(cliName + " has no estimator")));
    }

    /** The task of a command-line name; fails naming the tasks. */
    public static BertTask of(String cliName, List<BertTask> among) {
        return among.stream().filter(t -> t.cliName.equals(cliName)).findFirst().orElseThrow(() ->
                new Options.UsageException("--task '" + cliName + "' is not one of " + names(among)));
    }

    /** The command-line names of some tasks, in registry order. */
    public static List<String> names(List<BertTask> tasks) {
        return tasks.stream().map(BertTask::cliName).toList();
    }

    /** Every task with a model (all of them). */
    public static List<BertTask> all() {
        return Arrays.asList(values());
    }

    /** Tasks the {@code finetune} command trains from labelled rows (fill-mask is {@code pretrain}'s). */
    public static List<BertTask> fineTunable() {
        return all().stream().filter(t -> t.estimator != null && t != FILL_MASK).toList();
    }

    /** Tasks {@code evaluate} scores. */
    public static List<BertTask> evaluable() {
        return all().stream().filter(t -> t.evaluator != null).toList();
    }

    /** The evaluators of the tasks' metrics that spark-bert provides (MLlib's own are not listed), each once. */
    public static List<Class<? extends BertEvaluator<?>>> sparkBertEvaluators() {
        Set<Class<? extends BertEvaluator<?>>> out = new LinkedHashSet<>();
        for (BertTask t : evaluable()) {
            if (BertEvaluator.class.isAssignableFrom(t.evaluator.sparkEvaluator())) {
                @SuppressWarnings("unchecked")
                Class<? extends BertEvaluator<?>> c = (Class<? extends BertEvaluator<?>>) t.evaluator.sparkEvaluator();
                out.add(c);
            }
        }
        return List.copyOf(out);
    }

    private static <T> T instance(Class<T> type) {
        try {
            return type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + " needs a public no-arg constructor", e);
        }
    }
}
