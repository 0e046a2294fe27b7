package dev.sparkbert.training;

import dev.sparkbert.ml.choice.BertMultipleChoiceModel;
import dev.sparkbert.ml.classification.BertSequenceClassificationModel;
import dev.sparkbert.ml.embedding.BertEmbeddingModel;
import dev.sparkbert.ml.lm.BertCausalLMModel;
import dev.sparkbert.ml.lm.BertMaskedLMModel;
import dev.sparkbert.ml.lm.BertNextSentenceModel;
import dev.sparkbert.ml.qa.BertQuestionAnsweringModel;
import dev.sparkbert.ml.token.BertTokenClassificationModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.SparkSession;

/**
 * Writes the stages {@link SavedStagesTest} loads: every model and estimator with some params set,
 * saved by this build's Spark, keeping only their {@code metadata/} folders (the test puts the
 * fixture checkpoints beside them). Run once per Spark line and release, e.g.
 * {@code java -cp <test classpath> dev.sparkbert.training.SaveStages src/test/resources/saved-stages/spark-4.0}.
 */
public final class SaveStages {

    private SaveStages() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Path fix = Path.of(System.getProperty("sparkbert.fixtures", "../../shared/fixtures/hf-bert-tiny"));
        SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false")
                .getOrCreate();
        Map<String, MLWritable> stages = new LinkedHashMap<>();
        stages.put("BertEmbeddingModel", BertEmbeddingModel.fromPretrained(fix.resolve("bert_model").toString())
                .setTextCol("sentence").setPooling("cls").setNormalize(false).setBatchSize(7));
        stages.put("BertSequenceClassificationModel", BertSequenceClassificationModel.fromPretrained(
                fix.resolve("seqcls_single_label").toString()).setTextCol("sentence").setPredictedLabelCol("label_name")
                .setMaxLength(40));
        stages.put("BertTokenClassificationModel", BertTokenClassificationModel.fromPretrained(
                fix.resolve("token_classification").toString()).setTextCol("sentence").setAggregationStrategy("first")
                .setTagsCol("tags"));
        stages.put("BertQuestionAnsweringModel", BertQuestionAnsweringModel.fromPretrained(
                fix.resolve("question_answering").toString()).setQuestionCol("q").setContextCol("c").setTopK(2)
                .setDocStride(8));
        stages.put("BertMultipleChoiceModel", BertMultipleChoiceModel.fromPretrained(
                fix.resolve("multiple_choice").toString()).setPromptCol("p"));
        stages.put("BertMaskedLMModel", BertMaskedLMModel.fromPretrained(fix.resolve("masked_lm").toString()).setTopK(3)
                .setTextCol("sentence"));
        stages.put("BertNextSentenceModel", BertNextSentenceModel.fromPretrained(fix.resolve("next_sentence").toString())
                .setSentenceACol("a").setSentenceBCol("b"));
        stages.put("BertCausalLMModel", BertCausalLMModel.fromPretrained(fix.resolve("causal_lm").toString())
                .setTextCol("sentence"));
        stages.put("BertSequenceClassifier", new BertSequenceClassifier().setTextCol("sentence").setLabelCol("y")
                .setNumWorkers(2).setLearningRate(1e-4).setWarmupRatio(0.1).setCheckpointSteps(5).setCheckpointDir("/tmp/x"));
        stages.put("BertTokenClassifier", new BertTokenClassifier().setWordsCol("w").setTagsCol("t").setMaxSteps(3));
        stages.put("BertQuestionAnswerer", new BertQuestionAnswerer().setDocStride(32).setQuestionCol("q"));
        stages.put("BertMultipleChoiceClassifier", new BertMultipleChoiceClassifier().setPromptCol("p").setSeed(7));
        stages.put("BertPretrainer", new BertPretrainer().setWholeWordMask(true).setMlmProbability(0.2));
        Path work = Files.createTempDirectory("spark-bert-save-stages");
        for (Map.Entry<String, MLWritable> s : stages.entrySet()) {
            Path saved = work.resolve(s.getKey());
            s.getValue().write().save(saved.toString());
            Path metadata = Files.createDirectories(out.resolve(s.getKey()).resolve("metadata"));
            try (Stream<Path> files = Files.list(saved.resolve("metadata"))) {
                for (Path f : files.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                    Files.copy(f, metadata.resolve(f.getFileName()));
                }
            }
        }
        spark.stop();
    }
}
