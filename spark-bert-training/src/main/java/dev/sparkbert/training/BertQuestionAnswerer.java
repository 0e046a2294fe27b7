package dev.sparkbert.training;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.tokenize.Encoded;
import dev.sparkbert.ml.param.HasAnswerTextCol;
import dev.sparkbert.ml.param.SchemaChecks;
import dev.sparkbert.ml.qa.BertQuestionAnsweringModel;
import dev.sparkbert.ml.qa.QuestionAnsweringParams;
import dev.sparkbert.training.data.Example;
import dev.sparkbert.training.data.RowChecks;
import dev.sparkbert.training.distributed.Objective;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
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
 * Fine-tunes BERT for extractive question answering on SQuAD-style rows (question, context,
 * answer text, answer start as a char offset into the context) and returns a {@link
 * BertQuestionAnsweringModel}.
 *
 * <p>As HF's {@code run_qa}: question and context are tokenized together, truncating only the
 * context; a context longer than {@code maxLength} is split into windows overlapping by {@code
 * docStride} tokens, and every window is one training example whose start/end positions are the
 * answer's first and last tokens, or [CLS] (position 0) when the window does not hold the whole
 * answer. An answer that is not at its start offset in the context fails the fit, naming the row.
 */
public class BertQuestionAnswerer extends BertEstimator<BertQuestionAnsweringModel, BertQuestionAnswerer>
        implements QuestionAnsweringParams<BertQuestionAnswerer>, HasAnswerTextCol<BertQuestionAnswerer> {

    private static final long serialVersionUID = 1L;

    public BertQuestionAnswerer() {
        this(Identifiable.randomUID("bertQaTrainer"));
    }

    public BertQuestionAnswerer(String uid) {
        super(uid);
        setQuestionAnsweringDefaults();
        setDefault(docStride(), 128);
    }

    public Param<String> answerStartCol() {
        return stringParam("answerStartCol", "integer column: char offset of the answer in the context",
                "answer_start");
    }

    public String getAnswerStartCol() {
        return getOrDefault(answerStartCol());
    }

    public BertQuestionAnswerer setAnswerStartCol(String value) {
        return with(answerStartCol(), value);
    }

    /** Checks the answer columns and the windowing training needs; then the fitted model's schema. */
    @Override
    public StructType transformSchema(StructType schema) {
        SchemaChecks.requireColumn(schema, "answerTextCol", getAnswerTextCol(), DataTypes.StringType);
        SchemaChecks.requireColumn(schema, "answerStartCol", getAnswerStartCol(), DataTypes.IntegerType,
                DataTypes.LongType);
        if (!"only_second".equals(getTruncation())) {
            throw new IllegalArgumentException("truncation: question answering truncates only the context"
                    + " ('only_second'), got '" + getTruncation() + "'");
        }
        if (getDocStride() < 1) {
            throw new IllegalArgumentException("docStride: training windows must overlap by at least 1 token, got "
                    + getDocStride());
        }
        return validateAndTransformSchema(schema);
    }

    @Override
    public BertQuestionAnsweringModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        String q = getQuestionCol();
        String c = getContextCol();
        String a = getAnswerTextCol();
        String s = getAnswerStartCol();
        Dataset<Row> data = dataset.toDF().select(functions.col(q), functions.col(c), functions.col(a),
                functions.col(s).cast(DataTypes.IntegerType).as(s));
        rowRules(RowChecks.on(data, "training").notNull(q, c, a, s), data.schema()).check();
        BertConfig config = startingConfig(data).toBuilder().optArchitectures("BertForQuestionAnswering")
                .optNumLabels(2).build();
        int maxLen = effectiveMaxLength(config);
        int stride = getDocStride();
        if (stride >= maxLen / 2) {
            throw new IllegalArgumentException("docStride (" + stride + ") must be less than half of maxLength ("
                    + maxLen + ")");
        }
        String out = train(data, Objective.QUESTION_ANSWERING, config, stride, (r, tok, examples) -> {
            Encoded first = tok.encode(r.getString(0), r.getString(1));
            int start = r.getInt(3);
            int end = start + r.getString(2).length();
            List<Encoded> windows = new ArrayList<>();
            windows.add(first);
            windows.addAll(first.overflowing());
            for (Encoded w : windows) {
                long[] span = answerTokens(w, start, end);
                examples.add(Example.unplaced(w.ids(), w.typeIds(), w.attentionMask(), 1, span[0], null, null, span[1]));
            }
        });
        // Set, not defaulted: the model keeps the stride training used even on a small model.
        return fitted(new BertQuestionAnsweringModel(uid()), out, config).setDocStride(stride);
    }

    /**
     * The first and last token of the answer (chars {@code [start, end)} of the context) in one
     * window, or {0, 0} ([CLS]) when the window does not hold all of it.
     */
    static long[] answerTokens(Encoded w, int start, int end) {
        int first = -1;
        int last = -1;
        int lo = Integer.MAX_VALUE;
        int hi = -1;
        for (int k = 0; k < w.length(); k++) {
            if (w.sequenceIds()[k] != 1) {
                continue;
            }
            lo = Math.min(lo, w.charStarts()[k]);
            hi = Math.max(hi, w.charEnds()[k]);
            if (first < 0 && w.charEnds()[k] > start) {
                first = k;
            }
            if (w.charStarts()[k] < end) {
                last = k;
            }
        }
        if (first < 0 || last < first || lo > start || hi < end) {
            return new long[] {0, 0};
        }
        return new long[] {first, last};
    }

    private static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }

    /** The answer must be in the context at its start offset. */
    @Override
    protected RowChecks rowRules(RowChecks checks, StructType schema) {
        String c = getContextCol();
        String a = getAnswerTextCol();
        String s = getAnswerStartCol();
        Column found = functions.expr("substring(" + quote(c) + ", " + quote(s) + " + 1, length(" + quote(a) + "))")
                .equalTo(functions.col(a)).and(functions.col(s).geq(0));
        return checks.rule(functions.not(found), "have an answer ('" + a + "') that is not in the context ('" + c
                + "') at its start offset ('" + s + "')");
    }

    @Override
    public BertQuestionAnswerer copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    public static MLReader<BertQuestionAnswerer> read() {
        return new DefaultParamsReader<>();
    }

    public static BertQuestionAnswerer load(String path) {
        return read().load(path);
    }
}
