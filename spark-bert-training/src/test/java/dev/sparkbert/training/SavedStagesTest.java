package dev.sparkbert.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sparkbert.ml.BertStageModel;
import dev.sparkbert.ml.SparkTestSession;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.param.Params;
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

/**
 * Saved stages load with the params they were saved with, and the models score exactly as the
 * same stage built today: those saved by spark-bert 0.1.0 on Spark 3.5, and those saved on the
 * other Spark line (their {@code metadata/} folders are kept under {@code saved-stages/<line>},
 * written by {@link SaveStages}; the test puts the fixture checkpoints beside them). A model's
 * defaults are those it was saved with: param names and defaults may not change; a param added
 * since must default to the saved behaviour.
 */
class SavedStagesTest {

    private static final Map<String, String> CHECKPOINTS = Map.of(
            "BertEmbeddingModel", "bert_model", "BertSequenceClassificationModel", "seqcls_single_label",
            "BertTokenClassificationModel", "token_classification", "BertQuestionAnsweringModel", "question_answering",
            "BertMultipleChoiceModel", "multiple_choice", "BertMaskedLMModel", "masked_lm",
            "BertNextSentenceModel", "next_sentence", "BertCausalLMModel", "causal_lm");
    /** Params models gained after the saves; their defaults keep the saved behaviour (checked by scoring below). */
    private static final Set<String> ADDED_TO_MODELS = Set.of("precision");

    static Stream<Arguments> saved() throws IOException {
        Path root = Path.of("src/test/resources/saved-stages");
        try (Stream<Path> lines = Files.list(root)) {
            return lines.flatMap(line -> {
                try {
                    return Files.list(line).map(stage -> Arguments.of(line.getFileName() + "/" + stage.getFileName(),
                            stage));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("saved")
    void aStageSavedByAnEarlierVersionLoadsWithItsParamsAndScoresAsToday(String name, Path saved, @TempDir Path tmp)
            throws Exception {
        SparkSession spark = SparkTestSession.get();
        Path part;
        try (Stream<Path> files = Files.list(saved.resolve("metadata"))) {
            part = files.filter(f -> f.getFileName().toString().startsWith("part-")).findFirst().orElseThrow();
        }
        JsonObject meta = JsonParser.parseString(Files.readString(part)).getAsJsonObject();
        String className = meta.get("class").getAsString();
        String simple = className.substring(className.lastIndexOf('.') + 1);
        Path stage = tmp.resolve(simple);
        copyFolder(saved.resolve("metadata"), stage.resolve("metadata"));
        String checkpoint = CHECKPOINTS.get(simple);
        if (checkpoint != null) {
            copyFolder(SparkTestSession.fixtures().resolve(checkpoint), stage.resolve("data/checkpoint"));
        }
        Class<?> type = Class.forName(className);
        Params loaded = (Params) type.getMethod("load", String.class).invoke(null, stage.toString());
        assertEquals(meta.get("uid").getAsString(), loaded.uid());
        for (Map.Entry<String, JsonElement> p : meta.getAsJsonObject("paramMap").entrySet()) {
            if (!p.getKey().equals("modelLocation")) {
                assertEquals(jsonOf(loaded, p.getKey(), loaded.getOrDefault(loaded.getParam(p.getKey()))), p.getValue(),
                        p.getKey());
            }
        }
        Params fresh = (Params) type.getConstructor(String.class).newInstance("fresh");
        for (Map.Entry<String, JsonElement> d : meta.getAsJsonObject("defaultParamMap").entrySet()) {
            Param<?> p = fresh.getParam(d.getKey());
            assertEquals(d.getValue(), jsonOf(fresh, d.getKey(), fresh.getDefault(p).get()), "default of " + d.getKey());
        }
        if (checkpoint == null) {
            return;
        }
        Set<String> added = new TreeSet<>();
        for (Param<?> p : fresh.params()) {
            if (!meta.getAsJsonObject("defaultParamMap").has(p.name())) {
                added.add(p.name());
            }
        }
        assertEquals(ADDED_TO_MODELS, added, "a model keeps the params it had and gains only these");
        // The same stage built today: from the checkpoint, with the saved params.
        Method fromPretrained = type.getMethod("fromPretrained", String.class);
        BertStageModel<?> today = (BertStageModel<?>) fromPretrained.invoke(null,
                SparkTestSession.fixtures().resolve(checkpoint).toString());
        for (ParamPair<?> pair : ((Params) loaded).extractParamMap().toList()) {
            if (!pair.param().name().equals("modelLocation") && loaded.isSet(pair.param())) {
                today.set(today.getParam(pair.param().name()), pair.value());
            }
        }
        Dataset<Row> data = inputs(spark);
        List<Row> expected = today.transform(data).collectAsList();
        List<Row> actual = ((BertStageModel<?>) loaded).transform(data).collectAsList();
        assertTrue(expected.get(0).length() > data.columns().length, "the stage adds outputs");
        assertEquals(expected, actual);
    }

    /** Every column any of the saved models reads (their saved column params). */
    private static Dataset<Row> inputs(SparkSession spark) {
        StructType schema = new StructType().add("sentence", DataTypes.StringType).add("q", DataTypes.StringType)
                .add("c", DataTypes.StringType).add("p", DataTypes.StringType)
                .add("choices", DataTypes.createArrayType(DataTypes.StringType)).add("a", DataTypes.StringType)
                .add("b", DataTypes.StringType);
        return spark.createDataFrame(List.of(
                RowFactory.create("the cat [MASK] on the mat", "where is it", "it is in the box", "the sky is",
                        new String[] {"blue", "loud"}, "it rained", "the street was wet"),
                RowFactory.create("a second, longer [MASK] of the test", "who", "nobody knows", "water is",
                        new String[] {"wet", "dry"}, "one", "two")), schema);
    }

    private static JsonElement jsonOf(Params stage, String name, Object value) {
        return JsonParser.parseString(stage.getParam(name).jsonEncode(cast(value)));
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }
}
