package dev.sparkbert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkbert.core.heads.BertHeads;
import java.util.HashSet;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.junit.jupiter.api.Test;

/** The task registry is consistent with the stages it names, and the command line is derived from it. */
class BertTaskTest {

    @Test
    void everyTaskNamesAModelOfAKnownHeadAndAnEstimatorThatFitsThatModel() throws Exception {
        assertEquals(BertTask.values().length, new HashSet<>(BertTask.names(BertTask.all())).size(), "unique names");
        for (BertTask t : BertTask.values()) {
            assertTrue(BertHeads.architectures().contains(t.architecture()), t + " runs " + t.architecture());
            assertEquals(t.modelClass(), t.newModel().getClass());
            if (t.estimatorClass().isPresent()) {
                assertEquals(t.modelClass(), t.estimatorClass().get().getMethod("fit", Dataset.class).getReturnType(),
                        t + ": the estimator fits the task's model");
                assertTrue(t.objective().isPresent(), t + " trains with an objective");
            }
        }
        assertEquals(List.of("sequence-classification", "token-classification", "question-answering",
                "multiple-choice"), BertTask.names(BertTask.fineTunable()));
        assertEquals(BertTask.names(BertTask.fineTunable()), BertTask.names(BertTask.evaluable()));
    }

    /** Spark Connect finds stages through META-INF/services; those lists must be the registry's. */
    @Test
    void theServiceRegistrationsAreTheRegistrysStages() {
        assertEquals(BertTask.all().stream().map(t -> t.modelClass().getName()).toList(),
                registered(org.apache.spark.ml.Transformer.class));
        assertEquals(BertTask.all().stream().flatMap(t -> t.estimatorClass().stream()).map(Class::getName).toList(),
                registered(org.apache.spark.ml.Estimator.class));
        assertEquals(BertTask.sparkBertEvaluators().stream().map(Class::getName).toList(),
                registered(org.apache.spark.ml.evaluation.Evaluator.class));
    }

    /** Our classes ServiceLoader lists for a service (Spark 4 registers its own too), in file order. */
    private static List<String> registered(Class<?> service) {
        return java.util.ServiceLoader.load(service).stream().map(p -> p.type().getName())
                .filter(n -> n.startsWith("dev.sparkbert.")).toList();
    }

    @Test
    void helpTextsListTheRegistrysTasks() {
        String predict = PredictCommand.help("predict");
        for (BertTask t : BertTask.all()) {
            assertTrue(predict.contains(t.cliName()), t.cliName());
        }
        String finetune = TrainCommand.help("finetune");
        for (BertTask t : BertTask.fineTunable()) {
            assertTrue(finetune.contains(t.cliName()) && finetune.contains(t.estimatorClass().get().getSimpleName()),
                    t.cliName());
        }
        assertTrue(!finetune.contains("fill-mask"), "fill-mask is trained by pretrain");
        assertTrue(PredictCommand.options().containsAll(List.of("text-col", "pooling", "top-k", "aggregation-strategy")),
                "every stage param is an option");
    }
}
