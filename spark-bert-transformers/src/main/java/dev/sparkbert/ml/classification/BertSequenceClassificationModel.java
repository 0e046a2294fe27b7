package dev.sparkbert.ml.classification;

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
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Text (or text pair) classification with HF {@code BertForSequenceClassification}, with outputs
 * named and typed like MLlib's classifiers so its evaluators work on them.
 *
 * <ul>
 *   <li>single-label: {@code prediction} (class index, double), {@code probability} (softmax) and
 *       {@code rawPrediction} (logits) vectors, and, if {@code predictedLabelCol} is set, the label
 *       name from the config's {@code id2label};
 *   <li>multi-label ({@code problem_type} multi_label_classification): {@code probability} (sigmoid
 *       per label), {@code rawPrediction}, and the labels at or above {@code threshold} in {@code
 *       predictedLabelsCol};
 *   <li>regression (one label or {@code problem_type} regression): {@code prediction} only.
 * </ul>
 */
public class BertSequenceClassificationModel extends BertStageModel<BertSequenceClassificationModel> {

    private static final long serialVersionUID = 1L;

    private final Param<String> textCol = SharedParams.column(this, "textCol", "text column");
    private final Param<String> textPairCol = SharedParams.column(this, "textPairCol",
            "optional second text column (sentence pairs); empty for single texts");
    private final Param<String> predictionCol = SharedParams.column(this, "predictionCol", "prediction column");
    private final Param<String> probabilityCol = SharedParams.column(this, "probabilityCol",
            "class probabilities column (vector)");
    private final Param<String> rawPredictionCol = SharedParams.column(this, "rawPredictionCol",
            "logits column (vector)");
    private final Param<String> predictedLabelCol = SharedParams.column(this, "predictedLabelCol",
            "optional column with the predicted label name (single-label); empty for none");
    private final Param<String> predictedLabelsCol = SharedParams.column(this, "predictedLabelsCol",
            "column with the labels at or above threshold (multi-label)");
    private final DoubleParam threshold = new DoubleParam(this, "threshold",
            "multi-label: probability at or above which a label is predicted", ParamValidators.inRange(0, 1));

    public BertSequenceClassificationModel() {
        this(Identifiable.randomUID("bertSeqCls"));
    }

    public BertSequenceClassificationModel(String uid) {
        super(uid);
        setDefault(textCol, "text");
        setDefault(textPairCol, "");
        setDefault(predictionCol, "prediction");
        setDefault(probabilityCol, "probability");
        setDefault(rawPredictionCol, "rawPrediction");
        setDefault(predictedLabelCol, "");
        setDefault(predictedLabelsCol, "predictedLabels");
        setDefault(threshold, 0.5);
    }

    /** A stage over an HF checkpoint folder (any Hadoop path); label names come from its id2label. */
    public static BertSequenceClassificationModel fromPretrained(String location) {
        BertSequenceClassificationModel m = new BertSequenceClassificationModel().setModelLocation(location);
        m.config();
        return m;
    }

    public Param<String> textCol() { return textCol; }
    public Param<String> textPairCol() { return textPairCol; }
    public Param<String> predictionCol() { return predictionCol; }
    public Param<String> probabilityCol() { return probabilityCol; }
    public Param<String> rawPredictionCol() { return rawPredictionCol; }
    public Param<String> predictedLabelCol() { return predictedLabelCol; }
    public Param<String> predictedLabelsCol() { return predictedLabelsCol; }
    public DoubleParam threshold() { return threshold; }

    public String getTextCol() { return getOrDefault(textCol); }
    public String getTextPairCol() { return getOrDefault(textPairCol); }
    public String getPredictionCol() { return getOrDefault(predictionCol); }
    public String getProbabilityCol() { return getOrDefault(probabilityCol); }
    public String getRawPredictionCol() { return getOrDefault(rawPredictionCol); }
    public String getPredictedLabelCol() { return getOrDefault(predictedLabelCol); }
    public String getPredictedLabelsCol() { return getOrDefault(predictedLabelsCol); }
    public double getThreshold() { return (Double) getOrDefault(threshold); }

    public BertSequenceClassificationModel setTextCol(String v) { set(textCol, v); return this; }
    public BertSequenceClassificationModel setTextPairCol(String v) { set(textPairCol, v); return this; }
    public BertSequenceClassificationModel setPredictionCol(String v) { set(predictionCol, v); return this; }
    public BertSequenceClassificationModel setProbabilityCol(String v) { set(probabilityCol, v); return this; }
    public BertSequenceClassificationModel setRawPredictionCol(String v) { set(rawPredictionCol, v); return this; }
    public BertSequenceClassificationModel setPredictedLabelCol(String v) { set(predictedLabelCol, v); return this; }
    public BertSequenceClassificationModel setPredictedLabelsCol(String v) { set(predictedLabelsCol, v); return this; }
    public BertSequenceClassificationModel setThreshold(double v) { set(threshold, v); return this; }

    /** regression, single_label_classification or multi_label_classification, from the config. */
    public static String problemType(BertConfig config) {
        if (config.getProblemType() != null) {
            return config.getProblemType();
        }
        return config.getNumLabels() == 1 ? "regression" : "single_label_classification";
    }

    @Override
    protected String architecture() {
        return "BertForSequenceClassification";
    }

    @Override
    protected StructType validateAndTransformSchema(StructType schema, BertConfig config) {
        requireColumn(schema, "textCol", getTextCol(), DataTypes.StringType);
        if (!getTextPairCol().isEmpty()) {
            requireColumn(schema, "textPairCol", getTextPairCol(), DataTypes.StringType);
        }
        String type = problemType(config);
        if (type.equals("regression")) {
            return addOutput(schema, "predictionCol", getPredictionCol(), DataTypes.DoubleType);
        }
        StructType out = schema;
        if (type.equals("single_label_classification")) {
            out = addOutput(out, "predictionCol", getPredictionCol(), DataTypes.DoubleType);
        }
        out = addOutput(out, "probabilityCol", getProbabilityCol(), SQLDataTypes.VectorType());
        out = addOutput(out, "rawPredictionCol", getRawPredictionCol(), SQLDataTypes.VectorType());
        if (type.equals("multi_label_classification")) {
            out = addOutput(out, "predictedLabelsCol", getPredictedLabelsCol(), STRING_ARRAY);
        } else if (!getPredictedLabelCol().isEmpty()) {
            out = addOutput(out, "predictedLabelCol", getPredictedLabelCol(), DataTypes.StringType);
        }
        return out;
    }

    @Override
    protected RowTask newTask(StructType schema, BertConfig config) {
        String[] labels = config.getId2label().values().toArray(new String[0]);
        return new Task(index(schema, getTextCol()), getTextPairCol().isEmpty() ? -1 : index(schema, getTextPairCol()),
                problemType(config), labels, !getPredictedLabelCol().isEmpty(), getThreshold(), effectiveMaxLength(config),
                Truncation.parse(getTruncation()), getBatchSize());
    }

    public static MLReader<BertSequenceClassificationModel> read() {
        return new StageReader<>(BertSequenceClassificationModel.class);
    }

    public static BertSequenceClassificationModel load(String path) {
        return read().load(path);
    }

    private static final class Task extends TextTask {
        private static final long serialVersionUID = 1L;
        private final int textIndex;
        private final int pairIndex;
        private final String problemType;
        private final String[] labels;
        private final boolean labelName;
        private final double threshold;

        Task(int textIndex, int pairIndex, String problemType, String[] labels, boolean labelName, double threshold,
                int maxLength, Truncation truncation, int batchSize) {
            super(maxLength, truncation, batchSize);
            this.textIndex = textIndex;
            this.pairIndex = pairIndex;
            this.problemType = problemType;
            this.labels = labels;
            this.labelName = labelName;
            this.threshold = threshold;
        }

        @Override
        public Object prepare(Row row) {
            String text = TextInputs.string(row, textIndex);
            if (pairIndex < 0 || text == null) {
                return text;
            }
            String pair = TextInputs.string(row, pairIndex);
            return pair == null ? null : new String[] {text, pair};
        }

        @Override
        public int outputCount() {
            switch (problemType) {
                case "regression": return 1;
                case "multi_label_classification": return 3;
                default: return labelName ? 4 : 3;
            }
        }

        @Override
        public List<Object[]> run(LoadedModel model, List<Object> inputs) {
            BertTokenizer tok = tokenizer(model);
            List<Encoded> enc = TextInputs.encode(tok, inputs);
            List<Object[]> out = slots(inputs.size());
            int k = labels.length;
            Batches.forEach(model, enc, tok.tokenToId("[PAD]"), batchSize, (idx, in, result) -> {
                float[] logits = result.logits().toFloatArray();
                double[][] softmax = Batches.softmax(logits, idx.length, k);
                for (int r = 0; r < idx.length; r++) {
                    out.set(idx[r], outputs(logits, r, softmax[r]));
                }
            });
            return out;
        }

        private Object[] outputs(float[] logits, int r, double[] softmax) {
            int k = labels.length;
            double[] raw = new double[k];
            for (int c = 0; c < k; c++) {
                raw[c] = logits[r * k + c];
            }
            if (problemType.equals("regression")) {
                return new Object[] {raw[0]};
            }
            if (problemType.equals("multi_label_classification")) {
                double[] sigmoid = new double[k];
                List<String> chosen = new ArrayList<>();
                for (int c = 0; c < k; c++) {
                    sigmoid[c] = 1 / (1 + Math.exp(-raw[c]));
                    if (sigmoid[c] >= threshold) {
                        chosen.add(labels[c]);
                    }
                }
                return new Object[] {Vectors.dense(sigmoid), Vectors.dense(raw), chosen.toArray(new String[0])};
            }
            int best = 0;
            for (int c = 1; c < k; c++) {
                best = raw[c] > raw[best] ? c : best;
            }
            Object[] o = new Object[outputCount()];
            o[0] = (double) best;
            o[1] = Vectors.dense(softmax);
            o[2] = Vectors.dense(raw);
            if (labelName) {
                o[3] = labels[best];
            }
            return o;
        }
    }
}
