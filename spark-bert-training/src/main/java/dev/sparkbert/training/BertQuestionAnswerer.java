package dev.sparkbert.training;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.tokenize.Encoded;
import dev.sparkbert.ml.param.SchemaChecks;
import dev.sparkbert.ml.param.SharedParams;
import dev.sparkbert.ml.qa.BertQuestionAnsweringModel;
import dev.sparkbert.training.data.Example;
import dev.sparkbert.training.distributed.Objective;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;
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
public class BertQuestionAnswerer extends BertEstimator<BertQuestionAnsweringModel, BertQuestionAnswerer> {

    private static final long serialVersionUID = 1L;

    private final Param<String> questionCol = SharedParams.column(this, "questionCol", "question column");
    private final Param<String> contextCol = SharedParams.column(this, "contextCol", "context column");
    private final Param<String> answerTextCol = SharedParams.column(this, "answerTextCol", "answer text column");
    private final Param<String> answerStartCol = SharedParams.column(this, "answerStartCol",
            "integer column: char offset of the answer in the context");
    private final IntParam docStride = new IntParam(this, "docStride", "tokens shared by consecutive context windows",
            ParamValidators.gt(0));

    public BertQuestionAnswerer() {
        this(Identifiable.randomUID("bertQaTrainer"));
    }

    public BertQuestionAnswerer(String uid) {
        super(uid);
        setDefault(questionCol, "question");
        setDefault(contextCol, "context");
        setDefault(answerTextCol, "answer_text");
        setDefault(answerStartCol, "answer_start");
        setDefault(docStride, 128);
        setDefault(maxLength(), 384);
        setDefault(truncation(), "only_second");
    }

    public Param<String> questionCol() { return questionCol; }
    public Param<String> contextCol() { return contextCol; }
    public Param<String> answerTextCol() { return answerTextCol; }
    public Param<String> answerStartCol() { return answerStartCol; }
    public IntParam docStride() { return docStride; }

    public BertQuestionAnswerer setQuestionCol(String v) { set(questionCol, v); return this; }
    public BertQuestionAnswerer setContextCol(String v) { set(contextCol, v); return this; }
    public BertQuestionAnswerer setAnswerTextCol(String v) { set(answerTextCol, v); return this; }
    public BertQuestionAnswerer setAnswerStartCol(String v) { set(answerStartCol, v); return this; }
    public BertQuestionAnswerer setDocStride(int v) { set(docStride, v); return this; }

    @Override
    public StructType transformSchema(StructType schema) {
        return validateAndTransformSchema(schema);
    }

    private StructType validateAndTransformSchema(StructType schema) {
        SchemaChecks.requireColumn(schema, "questionCol", getOrDefault(questionCol), DataTypes.StringType);
        SchemaChecks.requireColumn(schema, "contextCol", getOrDefault(contextCol), DataTypes.StringType);
        SchemaChecks.requireColumn(schema, "answerTextCol", getOrDefault(answerTextCol), DataTypes.StringType);
        SchemaChecks.requireColumn(schema, "answerStartCol", getOrDefault(answerStartCol), DataTypes.IntegerType,
                DataTypes.LongType);
        if (!"only_second".equals(getOrDefault(truncation()))) {
            throw new IllegalArgumentException("truncation: question answering truncates only the context"
                    + " ('only_second'), got '" + getOrDefault(truncation()) + "'");
        }
        return schema;
    }

    @Override
    public BertQuestionAnsweringModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        String q = getOrDefault(questionCol);
        String c = getOrDefault(contextCol);
        String a = getOrDefault(answerTextCol);
        String s = getOrDefault(answerStartCol);
        Dataset<Row> data = dataset.toDF().select(functions.col(q), functions.col(c), functions.col(a),
                functions.col(s).cast(DataTypes.IntegerType).as(s));
        requireUsableRows(data, q, c, a, s);
        Column found = functions.expr("substring(" + quote(c) + ", " + quote(s) + " + 1, length(" + quote(a) + "))")
                .equalTo(functions.col(a)).and(functions.col(s).geq(0));
        Dataset<Row> notFound = data.filter(functions.not(found));
        if (!notFound.isEmpty()) {
            throw new IllegalArgumentException(notFound.count() + " training rows have an answer ('" + a + "') that is"
                    + " not in the context ('" + c + "') at its start offset ('" + s + "'); first: " + notFound.first());
        }
        BertConfig config = startingConfig(data).toBuilder().optArchitectures("BertForQuestionAnswering")
                .optNumLabels(2).build();
        int maxLen = effectiveMaxLength(config);
        int stride = (Integer) getOrDefault(docStride);
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
        BertQuestionAnsweringModel model = BertQuestionAnsweringModel.fromPretrained(out)
                .setQuestionCol(q).setContextCol(c).setDocStride(stride).setMaxLength(maxLen)
                .setBatchSize(intOf(batchSize())).setHandleInvalid(getOrDefault(handleInvalid()));
        model.setParent(this);
        return model;
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

    @Override
    public BertQuestionAnswerer copy(ParamMap extra) {
        return defaultCopy(extra);
    }
}
