package dev.sparkbert.ml.classification;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.config.ProblemType;
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
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;
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
public class BertSequenceClassificationModel extends BertStageModel<BertSequenceClassificationModel>
        implements SequenceClassificationParams<BertSequenceClassificationModel> {

    private static final long serialVersionUID = 1L;

    public BertSequenceClassificationModel() {
        this(Identifiable.randomUID("bertSeqCls"));
    }

    public BertSequenceClassificationModel(String uid) {
        super(uid);
    }

    /** A stage over an HF checkpoint folder (any Hadoop path); label names come from its id2label. */
    public static BertSequenceClassificationModel fromPretrained(String location) {
        return fromPretrained(new BertSequenceClassificationModel(), location);
    }

    @Override
    public String architecture() {
        return "BertForSequenceClassification";
    }

    /** The checkpoint's problem type (its config's, else inferred as HF does). */
    @Override
    public ProblemType problemType(StructType schema) {
        return ProblemType.of(config(), false);
    }

    @Override
    protected RowTask newTask(StructType schema, BertConfig config) {
        String[] labels = config.getId2label().values().toArray(new String[0]);
        return new Task(index(schema, getTextCol()), getTextPairCol().isEmpty() ? -1 : index(schema, getTextPairCol()),
                ProblemType.of(config, false), labels, !getPredictedLabelCol().isEmpty(), getThreshold(), effectiveMaxLength(config),
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
        private final ProblemType problemType;
        private final String[] labels;
        private final boolean labelName;
        private final double threshold;

        Task(int textIndex, int pairIndex, ProblemType problemType, String[] labels, boolean labelName, double threshold,
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
                case REGRESSION: return 1;
                case MULTI_LABEL_CLASSIFICATION: return 3;
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
            if (problemType == ProblemType.REGRESSION) {
                return new Object[] {raw[0]};
            }
            if (problemType == ProblemType.MULTI_LABEL_CLASSIFICATION) {
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
