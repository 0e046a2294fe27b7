package dev.sparkbert.ml.lm;

import static dev.sparkbert.ml.param.SchemaChecks.addOutput;
import static dev.sparkbert.ml.param.SchemaChecks.requireColumn;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.core.tokenize.Encoded;
import dev.sparkbert.core.tokenize.Truncation;
import dev.sparkbert.ml.BertStageModel;
import dev.sparkbert.ml.exec.Batches;
import dev.sparkbert.ml.exec.LoadedModel;
import dev.sparkbert.ml.exec.RowTask;
import dev.sparkbert.ml.exec.TextInputs;
import dev.sparkbert.ml.exec.TextTask;
import dev.sparkbert.ml.io.StageReader;
import dev.sparkbert.ml.param.SharedParams;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Next-sentence prediction with HF {@code BertForNextSentencePrediction}: {@code probability} (double)
 * that sentence B follows sentence A, and {@code prediction} 1.0 when it does (probability at least
 * 0.5), 0.0 when B looks random. (HF's class index is the reverse: 0 means "follows".)
 */
public class BertNextSentenceModel extends BertStageModel<BertNextSentenceModel> {

    private static final long serialVersionUID = 1L;

    private final Param<String> sentenceACol = SharedParams.column(this, "sentenceACol", "first sentence column");
    private final Param<String> sentenceBCol = SharedParams.column(this, "sentenceBCol", "second sentence column");
    private final Param<String> probabilityCol = SharedParams.column(this, "probabilityCol",
            "probability that B follows A (double)");
    private final Param<String> predictionCol = SharedParams.column(this, "predictionCol",
            "1.0 if B follows A, else 0.0");

    public BertNextSentenceModel() {
        this(Identifiable.randomUID("bertNextSentence"));
    }

    public BertNextSentenceModel(String uid) {
        super(uid);
        setDefault(sentenceACol, "sentenceA");
        setDefault(sentenceBCol, "sentenceB");
        setDefault(probabilityCol, "probability");
        setDefault(predictionCol, "prediction");
    }

    public static BertNextSentenceModel fromPretrained(String location) {
        BertNextSentenceModel m = new BertNextSentenceModel().setModelLocation(location);
        m.config();
        return m;
    }

    public Param<String> sentenceACol() { return sentenceACol; }
    public Param<String> sentenceBCol() { return sentenceBCol; }
    public Param<String> probabilityCol() { return probabilityCol; }
    public Param<String> predictionCol() { return predictionCol; }

    public String getSentenceACol() { return getOrDefault(sentenceACol); }
    public String getSentenceBCol() { return getOrDefault(sentenceBCol); }
    public String getProbabilityCol() { return getOrDefault(probabilityCol); }
    public String getPredictionCol() { return getOrDefault(predictionCol); }

    public BertNextSentenceModel setSentenceACol(String v) { set(sentenceACol, v); return this; }
    public BertNextSentenceModel setSentenceBCol(String v) { set(sentenceBCol, v); return this; }
    public BertNextSentenceModel setProbabilityCol(String v) { set(probabilityCol, v); return this; }
    public BertNextSentenceModel setPredictionCol(String v) { set(predictionCol, v); return this; }

    @Override
    protected String architecture() {
        return "BertForNextSentencePrediction";
    }

    @Override
    protected StructType validateAndTransformSchema(StructType schema, BertConfig config) {
        requireColumn(schema, "sentenceACol", getSentenceACol(), DataTypes.StringType);
        requireColumn(schema, "sentenceBCol", getSentenceBCol(), DataTypes.StringType);
        StructType out = addOutput(schema, "probabilityCol", getProbabilityCol(), DataTypes.DoubleType);
        return addOutput(out, "predictionCol", getPredictionCol(), DataTypes.DoubleType);
    }

    @Override
    protected RowTask newTask(StructType schema, BertConfig config) {
        return new Task(index(schema, getSentenceACol()), index(schema, getSentenceBCol()), effectiveMaxLength(config),
                Truncation.parse(getTruncation()), getBatchSize());
    }

    public static MLReader<BertNextSentenceModel> read() {
        return new StageReader<>(BertNextSentenceModel.class);
    }

    public static BertNextSentenceModel load(String path) {
        return read().load(path);
    }

    private static final class Task extends TextTask {
        private static final long serialVersionUID = 1L;
        private final int aIndex;
        private final int bIndex;

        Task(int aIndex, int bIndex, int maxLength, Truncation truncation, int batchSize) {
            super(maxLength, truncation, batchSize);
            this.aIndex = aIndex;
            this.bIndex = bIndex;
        }

        @Override
        public Object prepare(Row row) {
            String a = TextInputs.string(row, aIndex);
            String b = TextInputs.string(row, bIndex);
            return a == null || b == null ? null : new String[] {a, b};
        }

        @Override
        public int outputCount() {
            return 2;
        }

        @Override
        public List<Object[]> run(LoadedModel model, List<Object> inputs) {
            BertTokenizer tok = tokenizer(model);
            List<Encoded> enc = TextInputs.encode(tok, inputs);
            List<Object[]> out = slots(inputs.size());
            Batches.forEach(model, enc, tok.tokenToId("[PAD]"), batchSize, (idx, in, result) -> {
                double[][] p = Batches.softmax(result.logits().toFloatArray(), idx.length, 2);
                for (int r = 0; r < idx.length; r++) {
                    out.set(idx[r], new Object[] {p[r][0], p[r][0] >= 0.5 ? 1.0 : 0.0});
                }
            });
            return out;
        }
    }
}
