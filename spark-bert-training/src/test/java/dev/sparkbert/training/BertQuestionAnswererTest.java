package dev.sparkbert.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.core.tokenize.Encoded;
import dev.sparkbert.core.tokenize.Truncation;
import dev.sparkbert.ml.SparkTestSession;
import dev.sparkbert.ml.qa.BertQuestionAnsweringModel;
import dev.sparkbert.training.distributed.StepRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class BertQuestionAnswererTest {

    private final SparkSession spark = SparkTestSession.get();
    private static final StructType SCHEMA = new StructType().add("question", DataTypes.StringType)
            .add("context", DataTypes.StringType).add("answer_text", DataTypes.StringType)
            .add("answer_start", DataTypes.IntegerType);
    private static final String[] CITIES = {"paris", "london", "berlin", "rome", "madrid", "oslo"};
    private static final String FILLER = "the weather was fine and the people there were kind to each other . ";

    /** "where is the cat ?" over a context whose city after "cat is in" is the answer. */
    private Dataset<Row> toyData() {
        Random r = new Random(5);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String city = CITIES[r.nextInt(CITIES.length)];
            String before = i % 3 == 0 ? FILLER : "";
            String context = before + "the cat is in " + city + " today .";
            rows.add(RowFactory.create("where is the cat ?", context, city, context.indexOf(" in ") + 4));
        }
        return spark.createDataFrame(rows, SCHEMA).repartition(2);
    }

    @Test
    void answerPositionsPointAtTheAnswerTokensOrAtClsInWindowsWithoutIt() throws Exception {
        try (BertTokenizer tok = BertTokenizer.builder(Path.of(TrainingTests.tinyEncoder())).optMaxLength(24)
                .optTruncation(Truncation.ONLY_SECOND).optStride(4).build()) {
            String context = FILLER + FILLER + "the cat is in madrid today .";
            int start = context.indexOf("madrid");
            Encoded first = tok.encode("where is the cat ?", context);
            assertTrue(first.overflowing().size() >= 2, "the context is split into windows");
            long[] none = BertQuestionAnswerer.answerTokens(first, start, start + 6);
            assertArrayEquals(new long[] {0, 0}, none);
            Encoded last = first.overflowing().get(first.overflowing().size() - 1);
            long[] span = BertQuestionAnswerer.answerTokens(last, start, start + 6);
            assertTrue(span[0] > 0 && span[1] >= span[0]);
            assertEquals(start, last.charStarts()[(int) span[0]]);
            assertEquals(start + 6, last.charEnds()[(int) span[1]]);
        }
    }

    @Test
    void twoWorkersLearnToFindTheCityAcrossWindows() {
        BertQuestionAnswerer trainer = new BertQuestionAnswerer().setModelLocation(TrainingTests.tinyEncoder())
                .setMaxLength(32).setDocStride(8).setLearningRate(3e-3).setMaxSteps(60).setPerWorkerBatchSize(4)
                .setWarmupSteps(6).setSeed(5).setNumWorkers(2);
        BertQuestionAnsweringModel model = trainer.fit(toyData());
        List<StepRecord> h = trainer.lastHistory();
        assertTrue(h.get(h.size() - 1).loss() < 0.3 * h.get(0).loss(), "loss " + h.get(0).loss() + " -> "
                + h.get(h.size() - 1).loss());
        List<Row> answered = model.transform(toyData()).select("answer_text", "answer").collectAsList();
        long right = answered.stream().filter(r -> r.getString(0).equals(r.getStruct(1).getString(0))).count();
        assertTrue(right >= 0.8 * answered.size(), right + " of " + answered.size() + " right: " + answered);
    }

    @Test
    void anAnswerThatIsNotAtItsOffsetFailsNamingTheRow() {
        Dataset<Row> bad = spark.createDataFrame(List.of(RowFactory.create("q ?", "the cat is in rome", "paris", 14)),
                SCHEMA);
        TrainingTests.assertFailsWith(() -> new BertQuestionAnswerer().setModelLocation(TrainingTests.tinyEncoder())
                .setMaxLength(32).setDocStride(8).fit(bad), "not in the context ('context') at its start offset");
        TrainingTests.assertFailsWith(() -> new BertQuestionAnswerer().setModelLocation(TrainingTests.tinyEncoder())
                .setMaxLength(32).setDocStride(8).setValidationData(bad).fit(toyData()),
                "1 validation rows have an answer ('answer_text') that is not in the context");
        TrainingTests.assertFailsWith(() -> new BertQuestionAnswerer().setModelLocation(TrainingTests.tinyEncoder())
                .setTruncation("longest_first").fit(toyData()), "truncation: question answering truncates only");
    }
}
