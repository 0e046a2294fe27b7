package dev.sparkbert.ml.qa;

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
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * Extractive question answering with HF {@code BertForQuestionAnswering}, decoded as HF's pipeline
 * does: the context is split into windows of {@code maxLength} tokens overlapping by {@code
 * docStride}; in each window start and end probabilities (softmax over context tokens and [CLS])
 * score every span with start <= end and at most {@code maxAnswerLength} tokens; the best span over
 * all windows is the answer, as struct(text, start, end, score) with char offsets into the context.
 * With {@code handleImpossibleAnswer}, an empty answer wins when [CLS]'s score beats every span.
 */
public class BertQuestionAnsweringModel extends BertStageModel<BertQuestionAnsweringModel>
        implements QuestionAnsweringParams<BertQuestionAnsweringModel> {

    private static final long serialVersionUID = 1L;

    public BertQuestionAnsweringModel() {
        this(Identifiable.randomUID("bertQA"));
    }

    public BertQuestionAnsweringModel(String uid) {
        super(uid);
        setQuestionAnsweringDefaults();
    }

    public static BertQuestionAnsweringModel fromPretrained(String location) {
        return fromPretrained(new BertQuestionAnsweringModel(), location);
    }

    @Override
    public String architecture() {
        return "BertForQuestionAnswering";
    }

    @Override
    protected RowTask newTask(StructType schema, BertConfig config) {
        int maxLength = effectiveMaxLength(config);
        // The default stride shrinks to fit small models; a stride the user set must fit as given.
        int stride = isSet(docStride()) ? getDocStride() : Math.min(getDocStride(), maxLength / 4);
        if (stride >= maxLength / 2) {
            throw new IllegalArgumentException("docStride (" + stride + ") must be less than half of maxLength ("
                    + maxLength + ")");
        }
        return new Task(index(schema, getQuestionCol()), index(schema, getContextCol()), maxLength, stride,
                getMaxAnswerLength(), getTopK(), getHandleImpossibleAnswer(), getBatchSize());
    }

    public static MLReader<BertQuestionAnsweringModel> read() {
        return new StageReader<>(BertQuestionAnsweringModel.class);
    }

    public static BertQuestionAnsweringModel load(String path) {
        return read().load(path);
    }

    /** A scored span of one row. */
    private record Span(String text, int start, int end, double score) {}

    private static final class Task extends TextTask {
        private static final long serialVersionUID = 1L;
        private final int questionIndex;
        private final int contextIndex;
        private final int stride;
        private final int maxAnswer;
        private final int topK;
        private final boolean impossible;

        Task(int questionIndex, int contextIndex, int maxLength, int stride, int maxAnswer, int topK, boolean impossible,
                int batchSize) {
            super(maxLength, Truncation.ONLY_SECOND, batchSize);
            this.questionIndex = questionIndex;
            this.contextIndex = contextIndex;
            this.stride = stride;
            this.maxAnswer = maxAnswer;
            this.topK = topK;
            this.impossible = impossible;
        }

        @Override
        public Object prepare(Row row) {
            String q = TextInputs.string(row, questionIndex);
            String c = TextInputs.string(row, contextIndex);
            return q == null || c == null ? null : new String[] {q, c};
        }

        @Override
        public int outputCount() {
            return topK > 1 ? 2 : 1;
        }

        @Override
        public List<Object[]> run(LoadedModel model, List<Object> inputs) {
            BertTokenizer tok = model.tokenizer(maxLength, Truncation.ONLY_SECOND, stride);
            List<Encoded> windows = new ArrayList<>();
            List<Integer> owner = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                String[] qc = (String[]) inputs.get(i);
                Encoded e = tok.encode(qc[0], qc[1]);
                windows.add(e);
                owner.add(i);
                for (Encoded o : e.overflowing()) {
                    windows.add(o);
                    owner.add(i);
                }
            }
            List<List<Span>> spans = new ArrayList<>();
            double[] nullScore = new double[inputs.size()];
            for (int i = 0; i < inputs.size(); i++) {
                spans.add(new ArrayList<>());
                nullScore[i] = Double.NEGATIVE_INFINITY;
            }
            Batches.forEach(model, windows, tok.tokenToId("[PAD]"), batchSize, (idx, in, result) -> {
                float[] starts = result.get("start_logits").toFloatArray();
                float[] ends = result.get("end_logits").toFloatArray();
                int seq = (int) in.inputIds().getShape().get(1);
                for (int r = 0; r < idx.length; r++) {
                    int row = owner.get(idx[r]);
                    String context = ((String[]) inputs.get(row))[1];
                    double cls = decodeWindow(windows.get(idx[r]), starts, ends, r * seq, context, spans.get(row));
                    nullScore[row] = Math.max(nullScore[row], cls);
                }
            });
            List<Object[]> out = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                List<Span> s = spans.get(i);
                if (impossible) {
                    s.add(new Span("", 0, 0, nullScore[i]));
                }
                s.sort((a, b) -> Double.compare(b.score(), a.score()));
                List<Row> top = new ArrayList<>();
                for (Span x : s.subList(0, Math.min(topK, s.size()))) {
                    top.add(RowFactory.create(x.text(), x.start(), x.end(), x.score()));
                }
                Object[] o = new Object[outputCount()];
                o[0] = top.isEmpty() ? null : top.get(0);
                if (topK > 1) {
                    o[1] = top.toArray(new Row[0]);
                }
                out.add(o);
            }
            return out;
        }

        /** Adds this window's best spans to {@code out}; returns the [CLS] (no answer) score. */
        private double decodeWindow(Encoded w, float[] startLogits, float[] endLogits, int offset, String context,
                List<Span> out) {
            int n = w.length();
            double[] ps = maskedSoftmax(w, startLogits, offset);
            double[] pe = maskedSoftmax(w, endLogits, offset);
            List<Span> candidates = new ArrayList<>();
            for (int s = 0; s < n; s++) {
                if (w.sequenceIds()[s] != 1) {
                    continue;
                }
                for (int e = s; e < Math.min(n, s + maxAnswer); e++) {
                    if (w.sequenceIds()[e] != 1) {
                        break;
                    }
                    int cs = w.charStarts()[s];
                    int ce = w.charEnds()[e];
                    candidates.add(new Span(context.substring(cs, ce), cs, ce, ps[s] * pe[e]));
                }
            }
            candidates.sort((a, b) -> Double.compare(b.score(), a.score()));
            out.addAll(candidates.subList(0, Math.min(topK, candidates.size())));
            return ps[0] * pe[0];
        }

        /** Softmax over the context tokens and [CLS]; question, [SEP] and padding get no mass (HF masks them). */
        private static double[] maskedSoftmax(Encoded w, float[] logits, int offset) {
            int n = w.length();
            double max = Double.NEGATIVE_INFINITY;
            boolean[] keep = new boolean[n];
            for (int t = 0; t < n; t++) {
                keep[t] = t == 0 || w.sequenceIds()[t] == 1;
                if (keep[t]) {
                    max = Math.max(max, logits[offset + t]);
                }
            }
            double[] p = new double[n];
            double sum = 0;
            for (int t = 0; t < n; t++) {
                p[t] = keep[t] ? Math.exp(logits[offset + t] - max) : 0;
                sum += p[t];
            }
            for (int t = 0; t < n; t++) {
                p[t] /= sum;
            }
            return p;
        }
    }
}
