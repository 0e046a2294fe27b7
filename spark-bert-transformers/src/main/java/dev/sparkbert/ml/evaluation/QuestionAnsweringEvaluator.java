package dev.sparkbert.ml.evaluation;

import static dev.sparkbert.ml.param.SchemaChecks.requireColumn;

import dev.sparkbert.ml.param.HasAnswerCol;
import dev.sparkbert.ml.param.HasAnswerTextCol;
import dev.sparkbert.ml.param.SchemaChecks;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * SQuAD v1.1 exact match or F1 (percent, as the official script reports them) of predicted answers
 * against gold ones: answers normalised (case, punctuation, articles, spaces), each question scored
 * against the best of its gold answers, then averaged over questions. The prediction is a question
 * answering model's answer struct (its text) or a string column; a null prediction (no answer)
 * scores 0. The gold is a string ({@code BertQuestionAnswerer}'s training column) or an array of
 * strings (SQuAD's several answers per question); a null gold fails, naming the row.
 */
public class QuestionAnsweringEvaluator extends BertEvaluator<QuestionAnsweringEvaluator>
        implements HasAnswerCol<QuestionAnsweringEvaluator>, HasAnswerTextCol<QuestionAnsweringEvaluator> {

    private static final long serialVersionUID = 1L;

    public QuestionAnsweringEvaluator() {
        this(Identifiable.randomUID("qaEval"));
    }

    public QuestionAnsweringEvaluator(String uid) {
        super(uid);
    }

    @Override
    public Param<String> metricName() {
        return choiceParam("metricName", "metric evaluate returns: SQuAD token F1 or exact match (percent, as the"
                + " official script)", "f1", "f1", "exactMatch");
    }

    /** Checks the prediction (answer struct or string) and gold (string or array of strings) columns. */
    public void validateSchema(StructType schema) {
        requireColumn(schema, "answerCol", getAnswerCol(), ANSWER, DataTypes.StringType);
        requireColumn(schema, "answerTextCol", getAnswerTextCol(), DataTypes.StringType, SchemaChecks.STRING_ARRAY,
                SchemaChecks.STRING_ARRAY_NO_NULLS);
    }

    @Override
    public double evaluate(Dataset<?> dataset) {
        Scores s = scores(dataset);
        return "exactMatch".equals(getMetricName()) ? s.exactMatch() : s.f1();
    }

    /** Exact match and F1 of all rows, in one pass. */
    public Scores scores(Dataset<?> dataset) {
        StructType schema = dataset.schema();
        validateSchema(schema);
        Column predicted = functions.col(getAnswerCol());
        if (!schema.apply(getAnswerCol()).dataType().equals(DataTypes.StringType)) {
            predicted = predicted.getField("text");
        }
        Column gold = functions.col(getAnswerTextCol());
        if (schema.apply(getAnswerTextCol()).dataType().equals(DataTypes.StringType)) {
            gold = functions.when(gold.isNotNull(), functions.array(gold));
        }
        String goldCol = getAnswerTextCol();
        double[] sums = dataset.toDF().select(predicted, gold).javaRDD()
                .mapPartitionsWithIndex((partition, it) -> List.of(scoreRows(it, partition, goldCol)).iterator(), false)
                .fold(new double[3], (a, b) -> new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
        if (sums[2] == 0) {
            throw new IllegalArgumentException("no rows to evaluate");
        }
        return new Scores(100 * sums[0] / sums[2], 100 * sums[1] / sums[2], (long) sums[2]);
    }

    /** Sums of exact match and F1, and the number of rows. */
    private static double[] scoreRows(Iterator<Row> it, int partition, String goldCol) {
        double[] sums = new double[3];
        for (long n = 0; it.hasNext(); n++) {
            Row r = it.next();
            if (r.isNullAt(1)) {
                throw new IllegalArgumentException(goldCol + " is null" + row(n, partition));
            }
            String predicted = r.isNullAt(0) ? "" : r.getString(0);
            List<String> golds = r.getList(1);
            sums[0] += TaskMetrics.exactMatch(predicted, golds);
            sums[1] += TaskMetrics.answerF1(predicted, golds);
            sums[2]++;
        }
        return sums;
    }

    /**
     * SQuAD's scores of a set of questions.
     *
     * @param exactMatch percent of questions whose normalised answer equals a gold one
     * @param f1 mean token F1 against the best gold answer, percent
     * @param questions the rows scored
     */
    public record Scores(double exactMatch, double f1, long questions) {}

    public static MLReader<QuestionAnsweringEvaluator> read() {
        return new DefaultParamsReader<>();
    }

    public static QuestionAnsweringEvaluator load(String path) {
        return read().load(path);
    }
}
