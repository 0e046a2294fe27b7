package dev.sparkbert.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkbert.ml.SparkTestSession;
import dev.sparkbert.ml.choice.BertMultipleChoiceModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class BertMultipleChoiceClassifierTest {

    private final SparkSession spark = SparkTestSession.get();
    private static final StructType SCHEMA = new StructType().add("prompt", DataTypes.StringType)
            .add("choices", DataTypes.createArrayType(DataTypes.StringType)).add("label", DataTypes.IntegerType);
    private static final String[] ANIMALS = {"the cat", "a horse", "the bird", "a fish"};
    private static final String[] THINGS = {"the table", "a stone", "the door", "a cup", "the road", "a wall"};

    /** Which of three choices is an animal? (choices shuffled, label = the animal's index). */
    private Dataset<Row> toyData() {
        Random r = new Random(9);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            List<String> choices = new ArrayList<>(List.of(ANIMALS[r.nextInt(ANIMALS.length)],
                    THINGS[r.nextInt(THINGS.length)], THINGS[r.nextInt(THINGS.length)]));
            String animal = choices.get(0);
            Collections.shuffle(choices, r);
            rows.add(RowFactory.create("which one can move by itself ?", choices, choices.indexOf(animal)));
        }
        return spark.createDataFrame(rows, SCHEMA).repartition(2);
    }

    @Test
    void twoWorkersLearnToPickTheAnimal() {
        BertMultipleChoiceModel model = new BertMultipleChoiceClassifier().setModelLocation(TrainingTests.tinyEncoder())
                .setLearningRate(3e-3).setMaxSteps(40).setPerWorkerBatchSize(4).setWarmupSteps(4).setSeed(9)
                .setNumWorkers(2).fit(toyData());
        List<Row> scored = model.transform(toyData()).select("label", "prediction").collectAsList();
        long right = scored.stream().filter(r -> r.getInt(0) == (int) r.getDouble(1)).count();
        assertTrue(right >= 0.9 * scored.size(), right + " of " + scored.size());
    }

    @Test
    void rowsWithDifferentChoiceCountsOrLabelsOutOfRangeFail() {
        Dataset<Row> uneven = spark.createDataFrame(List.of(RowFactory.create("p", List.of("a", "b"), 0),
                RowFactory.create("p", List.of("a", "b", "c"), 1)), SCHEMA);
        TrainingTests.assertFailsWith(() -> new BertMultipleChoiceClassifier().setModelLocation(TrainingTests.tinyEncoder())
                .fit(uneven), "every row needs the same number (at least 2) of choices");
        Dataset<Row> outOfRange = spark.createDataFrame(List.of(RowFactory.create("p", List.of("a", "b"), 2)), SCHEMA);
        TrainingTests.assertFailsWith(() -> new BertMultipleChoiceClassifier().setModelLocation(TrainingTests.tinyEncoder())
                .fit(outOfRange), "label ('label') outside 0..n-1 for their n choices");
        // Validation rows meet the same rules, and have as many choices as the training rows.
        TrainingTests.assertFailsWith(() -> new BertMultipleChoiceClassifier().setModelLocation(TrainingTests.tinyEncoder())
                .setValidationData(outOfRange).fit(toyData()), "1 validation rows have a label ('label') outside 0..n-1");
        TrainingTests.assertFailsWith(() -> new BertMultipleChoiceClassifier().setModelLocation(TrainingTests.tinyEncoder())
                .setValidationData(spark.createDataFrame(List.of(RowFactory.create("p", List.of("a", "b"), 1)), SCHEMA))
                .fit(toyData()), "choices; the training rows have 3");
    }
}
