package dev.sparkbert.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkbert.ml.choice.BertMultipleChoiceModel;
import dev.sparkbert.ml.classification.BertSequenceClassificationModel;
import dev.sparkbert.ml.embedding.BertEmbeddingModel;
import dev.sparkbert.ml.lm.BertCausalLMModel;
import dev.sparkbert.ml.lm.BertMaskedLMModel;
import dev.sparkbert.ml.lm.BertNextSentenceModel;
import dev.sparkbert.ml.qa.BertQuestionAnsweringModel;
import dev.sparkbert.ml.token.BertTokenClassificationModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every stage saves (metadata + HF checkpoint), refuses to overwrite silently, and loads with identical outputs. */
class StagePersistenceTest {

    private static final SparkSession SPARK = SparkTestSession.get();
    private static final Path FIX = SparkTestSession.fixtures();
    private static final StructType TEXT = new StructType().add("text", DataTypes.StringType);
    private static final StructType PAIR = new StructType().add("a", DataTypes.StringType).add("b", DataTypes.StringType);

    static Stream<Arguments> stages() {
        Dataset<Row> text = SPARK.createDataFrame(List.of(RowFactory.create("the cat [MASK] on the mat"),
                RowFactory.create((String) null)), TEXT);
        Dataset<Row> pair = SPARK.createDataFrame(List.of(RowFactory.create("where is it", "it is in the box")), PAIR);
        Dataset<Row> choice = SPARK.createDataFrame(List.of(RowFactory.create("sky", new String[] {"blue", "red"})),
                new StructType().add("prompt", DataTypes.StringType)
                        .add("choices", DataTypes.createArrayType(DataTypes.StringType)));
        return Stream.of(
                Arguments.of(BertEmbeddingModel.fromPretrained(FIX.resolve("bert_model").toString()), text,
                        (Function<String, Transformer>) BertEmbeddingModel::load),
                Arguments.of(BertSequenceClassificationModel.fromPretrained(FIX.resolve("seqcls_single_label").toString()),
                        text, (Function<String, Transformer>) BertSequenceClassificationModel::load),
                Arguments.of(BertTokenClassificationModel.fromPretrained(FIX.resolve("token_classification").toString()),
                        text, (Function<String, Transformer>) BertTokenClassificationModel::load),
                Arguments.of(BertQuestionAnsweringModel.fromPretrained(FIX.resolve("question_answering").toString())
                        .setQuestionCol("a").setContextCol("b"), pair,
                        (Function<String, Transformer>) BertQuestionAnsweringModel::load),
                Arguments.of(BertMultipleChoiceModel.fromPretrained(FIX.resolve("multiple_choice").toString()), choice,
                        (Function<String, Transformer>) BertMultipleChoiceModel::load),
                Arguments.of(BertMaskedLMModel.fromPretrained(FIX.resolve("masked_lm").toString()).setHandleInvalid("keep"),
                        text, (Function<String, Transformer>) BertMaskedLMModel::load),
                Arguments.of(BertNextSentenceModel.fromPretrained(FIX.resolve("next_sentence").toString())
                        .setSentenceACol("a").setSentenceBCol("b"), pair,
                        (Function<String, Transformer>) BertNextSentenceModel::load),
                Arguments.of(BertCausalLMModel.fromPretrained(FIX.resolve("causal_lm").toString()), text,
                        (Function<String, Transformer>) BertCausalLMModel::load));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stages")
    void stageRoundTripsThroughSaveAndLoad(Transformer stage, Dataset<Row> data, Function<String, Transformer> loader,
            @TempDir Path tmp) throws Exception {
        String path = tmp.resolve("stage").toString();
        ((MLWritable) stage).write().save(path);
        try (Stream<Path> metadata = Files.list(tmp.resolve("stage/metadata"))) {
            // Spark 3.5 names the file part-00000, Spark 4 part-00000-<uuid>-c000.txt.
            assertTrue(metadata.anyMatch(f -> f.getFileName().toString().startsWith("part-00000")));
        }
        assertTrue(Files.isRegularFile(tmp.resolve("stage/data/checkpoint/config.json")));
        assertTrue(Files.isRegularFile(tmp.resolve("stage/data/checkpoint/model.safetensors")));
        assertTrue(Files.isRegularFile(tmp.resolve("stage/data/checkpoint/tokenizer.json")));
        long before = Files.size(tmp.resolve("stage/data/checkpoint/model.safetensors"));
        assertThrows(java.io.IOException.class, () -> ((MLWritable) stage).write().save(path));
        assertEquals(before, Files.size(tmp.resolve("stage/data/checkpoint/model.safetensors")), "left intact");
        Transformer loaded = loader.apply(path);
        assertEquals(stage.uid(), loaded.uid());
        assertEquals(stage.transform(data).collectAsList(), loaded.transform(data).collectAsList());
    }
}
