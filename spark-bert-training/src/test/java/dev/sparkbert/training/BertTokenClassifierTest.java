package dev.sparkbert.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkbert.core.loss.Losses;
import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.core.tokenize.Encoded;
import dev.sparkbert.ml.SparkTestSession;
import dev.sparkbert.ml.evaluation.EntityEvaluator;
import dev.sparkbert.ml.token.BertTokenClassificationModel;
import dev.sparkbert.training.distributed.StepRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class BertTokenClassifierTest {

    private final SparkSession spark = SparkTestSession.get();
    private static final StructType SCHEMA = new StructType()
            .add("words", DataTypes.createArrayType(DataTypes.StringType))
            .add("tags", DataTypes.createArrayType(DataTypes.StringType));
    private static final String[] PEOPLE = {"john", "mary", "peter", "anna"};
    private static final String[] CITIES = {"paris", "london", "berlin", "rome"};

    /** "john lives in paris" style sentences: B-PER for people, B-LOC for cities, O elsewhere. */
    private Dataset<Row> toyData() {
        Random r = new Random(3);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String who = PEOPLE[r.nextInt(PEOPLE.length)];
            String where = CITIES[r.nextInt(CITIES.length)];
            rows.add(i % 2 == 0
                    ? RowFactory.create(List.of(who, "lives", "in", where), List.of("B-PER", "O", "O", "B-LOC"))
                    : RowFactory.create(List.of("in", where, "is", who), List.of("O", "B-LOC", "O", "B-PER")));
        }
        return spark.createDataFrame(rows, SCHEMA).repartition(3);
    }

    @Test
    void eachWordsTagGoesOnItsFirstSubwordAndTheRestIsIgnored() throws Exception {
        try (BertTokenizer tok = BertTokenizer.builder(Path.of(TrainingTests.tinyEncoder())).build()) {
            List<String> words = List.of("peter", "lives", "in", "berlin");
            Encoded e = tok.encode(String.join(" ", words));
            List<String> tagNames = List.of("B-LOC", "B-PER", "O");
            long[] labels = BertTokenClassifier.alignLabels(e, words,
                    List.of("B-PER", "O", "O", "B-LOC").stream().mapToLong(tagNames::indexOf).toArray());
            long ignore = Losses.IGNORE_INDEX;
            List<Long> expected = new ArrayList<>();
            long lastWord = -1;
            for (int k = 0; k < e.length(); k++) {
                long w = e.wordIds()[k];
                if (w < 0 || w == lastWord) {
                    expected.add(ignore);
                } else {
                    expected.add((long) List.of(1, 2, 2, 0).get((int) w));
                }
                lastWord = w < 0 ? lastWord : w;
            }
            assertTrue(e.length() > words.size() + 2, "the tiny vocabulary splits these words: " + Arrays.toString(e.tokens()));
            assertArrayEquals(expected.stream().mapToLong(Long::longValue).toArray(), labels,
                    Arrays.toString(e.tokens()));
        }
    }

    @Test
    void twoWorkersLearnToTagPeopleAndCities() {
        BertTokenClassifier trainer = new BertTokenClassifier().setModelLocation(TrainingTests.tinyEncoder())
                .setLearningRate(3e-3).setMaxSteps(40).setPerWorkerBatchSize(4).setWarmupSteps(4).setSeed(11)
                .setNumWorkers(2);
        BertTokenClassificationModel model = trainer.fit(toyData());
        assertEquals(List.of("B-LOC", "B-PER", "O"), List.copyOf(model.config().getId2label().values()));
        List<StepRecord> h = trainer.lastHistory();
        assertTrue(h.get(h.size() - 1).loss() < 0.3 * h.get(0).loss(), "loss " + h.get(0).loss() + " -> "
                + h.get(h.size() - 1).loss());
        List<Row> tagged = model.transform(spark.createDataFrame(
                List.of(RowFactory.create("anna lives in rome"), RowFactory.create("in london is john")),
                new StructType().add("text", DataTypes.StringType))).select("entities").collectAsList();
        assertEquals(List.of("PER:anna", "LOC:rome"), entities(tagged.get(0)));
        assertEquals(List.of("LOC:london", "PER:john"), entities(tagged.get(1)));
    }

    /**
     * MLlib's tuning chooses the learning rate by entity F1 on held-out rows. On the 3.5 line only:
     * the Python test does the same on each line (tests/test_evaluators.py).
     */
    @Test
    @Tag("spark-independent")
    void trainValidationSplitChoosesTheLearningRateByEntityF1() {
        BertTokenClassifier trainer = new BertTokenClassifier().setModelLocation(TrainingTests.tinyEncoder())
                .setMaxSteps(16).setPerWorkerBatchSize(4).setWarmupSteps(2).setSeed(11).setLoggingSteps(0);
        TrainValidationSplitModel tuned = new TrainValidationSplit().setEstimator(trainer)
                .setEvaluator(new EntityEvaluator()).setTrainRatio(0.75).setSeed(5)
                .setEstimatorParamMaps(new ParamGridBuilder().addGrid(trainer.learningRate(), new double[] {1e-6, 3e-3})
                        .build())
                .fit(toyData().withColumn("text", functions.concat_ws(" ", functions.col("words"))));
        double[] f1 = tuned.validationMetrics();
        assertTrue(f1[1] > f1[0] + 0.3, Arrays.toString(f1));
        assertEquals(3e-3, ((BertTokenClassifier) tuned.bestModel().parent()).getLearningRate());
    }

    private static List<String> entities(Row row) {
        List<String> out = new ArrayList<>();
        for (Row e : row.<Row>getList(0)) {
            out.add(e.getAs("entity_group") + ":" + e.getAs("word"));
        }
        return out;
    }

    @Test
    void badInputFailsNamingTheProblem() {
        TrainingTests.assertFailsWith(() -> new BertTokenClassifier().setModelLocation(TrainingTests.tinyEncoder())
                .fit(spark.createDataFrame(List.of(RowFactory.create(List.of("a", "b"), List.of("O"))), SCHEMA)),
                "different number of words ('words') and tags ('tags')");
        TrainingTests.assertFailsWith(() -> new BertTokenClassifier().setModelLocation(TrainingTests.tinyEncoder())
                .fit(spark.createDataFrame(List.of(RowFactory.create(List.of("a"), null)), SCHEMA)), "null 'tags'");
        TrainingTests.assertFailsWith(() -> new BertTokenClassifier().setModelLocation(TrainingTests.tinyEncoder())
                .fit(spark.createDataFrame(List.of(RowFactory.create(List.of("a", "b"), Arrays.asList("O", null))),
                        SCHEMA)), "1 training rows have a null tag in 'tags'");
        TrainingTests.assertFailsWith(() -> new BertTokenClassifier().setModelLocation(TrainingTests.tinyEncoder())
                .setValidationData(spark.createDataFrame(List.of(RowFactory.create(List.of("acme"), List.of("B-ORG"))),
                        SCHEMA)).fit(toyData()), "tagsCol: the label 'B-ORG' of validation row");
        TrainingTests.assertFailsWith(() -> new BertTokenClassifier().setWordsCol("tokens").fit(toyData()),
                "wordsCol: input column 'tokens' does not exist");
    }
}
