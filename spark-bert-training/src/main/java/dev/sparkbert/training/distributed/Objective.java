package dev.sparkbert.training.distributed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.heads.HeadOutput;
import dev.sparkbert.core.loss.Losses;
import dev.sparkbert.training.data.Example;
import java.util.Arrays;
import java.util.List;

/**
 * What a head trains on: how {@link Example}s become the head's inputs with their labels (the head
 * computes its loss from them, see {@code BertNetwork.lossTargets}), and how predictions are
 * counted right for the accuracy reported during validation.
 */
public enum Objective {
    /** BertForSequenceClassification: class ids, or float targets (regression, multi-label). */
    SEQUENCE_CLASSIFICATION("BertForSequenceClassification"),
    /** BertForTokenClassification: a tag id per token, -100 where ignored. */
    TOKEN_CLASSIFICATION("BertForTokenClassification"),
    /** BertForMultipleChoice: the index of the right choice. */
    MULTIPLE_CHOICE("BertForMultipleChoice"),
    /** BertForQuestionAnswering: the answer's start and end tokens. */
    QUESTION_ANSWERING("BertForQuestionAnswering"),
    /** BertForPreTraining: masked tokens and the next-sentence label. */
    PRETRAINING("BertForPreTraining"),
    /** BertForMaskedLM: masked tokens. */
    MASKED_LM("BertForMaskedLM");

    private final String architecture;

    Objective(String architecture) {
        this.architecture = architecture;
    }

    /** The HF head class trained. */
    public String architecture() {
        return architecture;
    }

    /** Pads the examples to their longest and builds the head's inputs with their labels. */
    public BertInputs inputs(List<Example> examples, NDManager m, long padId) {
        int rows = examples.size();
        int choices = examples.get(0).choices();
        int seq = 0;
        for (Example e : examples) {
            seq = Math.max(seq, e.inputIds().length / choices);
        }
        long[] ids = new long[rows * choices * seq];
        long[] types = new long[ids.length];
        long[] mask = new long[ids.length];
        Arrays.fill(ids, padId);
        for (int r = 0; r < rows; r++) {
            Example e = examples.get(r);
            int len = e.inputIds().length / choices;
            for (int c = 0; c < choices; c++) {
                System.arraycopy(e.inputIds(), c * len, ids, (r * choices + c) * seq, len);
                System.arraycopy(e.typeIds(), c * len, types, (r * choices + c) * seq, len);
                System.arraycopy(e.mask(), c * len, mask, (r * choices + c) * seq, len);
            }
        }
        Shape shape = this == MULTIPLE_CHOICE ? new Shape(rows, choices, seq) : new Shape(rows, seq);
        BertInputs.Builder b = BertInputs.builder().setInputIds(m.create(ids, shape))
                .optTokenTypeIds(m.create(types, shape)).optAttentionMask(m.create(mask, shape));
        switch (this) {
            case SEQUENCE_CLASSIFICATION:
                b.optLabels(examples.get(0).targets() != null ? targets(examples, m) : m.create(labels(examples)));
                break;
            case MULTIPLE_CHOICE:
                b.optLabels(m.create(labels(examples)));
                break;
            case QUESTION_ANSWERING:
                b.optStartPositions(m.create(labels(examples))).optEndPositions(m.create(aux(examples)));
                break;
            case PRETRAINING:
                b.optLabels(tokenLabels(examples, seq, m)).optNextSentenceLabel(m.create(aux(examples)))
                        .optLogitsAtLabelsOnly(true);
                break;
            case MASKED_LM:
                b.optLabels(tokenLabels(examples, seq, m)).optLogitsAtLabelsOnly(true);
                break;
            default:
                b.optLabels(tokenLabels(examples, seq, m));
        }
        return b.build();
    }

    /**
     * Right predictions and predictions in a batch, for accuracy: examples for classification and
     * multiple choice, labelled tokens for tagging and masked LM, exact start and end for QA; none
     * for regression and multi-label.
     */
    public long[] correctAndTotal(HeadOutput out, List<Example> examples) {
        long correct = 0;
        long total = 0;
        switch (this) {
            case SEQUENCE_CLASSIFICATION:
            case MULTIPLE_CHOICE: {
                if (examples.get(0).targets() != null) {
                    break;
                }
                long[] predicted = out.logits().argMax(-1).toLongArray();
                for (int r = 0; r < examples.size(); r++) {
                    correct += predicted[r] == examples.get(r).label() ? 1 : 0;
                }
                total = examples.size();
                break;
            }
            case QUESTION_ANSWERING: {
                long[] starts = out.get("start_logits").argMax(-1).toLongArray();
                long[] ends = out.get("end_logits").argMax(-1).toLongArray();
                for (int r = 0; r < examples.size(); r++) {
                    correct += starts[r] == examples.get(r).label() && ends[r] == examples.get(r).aux() ? 1 : 0;
                }
                total = examples.size();
                break;
            }
            default: {
                // Masked LM: logits of the labelled positions only, in row-major order; tagging: every position.
                NDArray logits = this == PRETRAINING ? out.get("prediction_logits") : out.logits();
                boolean labelledOnly = logits.getShape().dimension() == 2;
                long seq = labelledOnly ? 0 : logits.getShape().get(1);
                long[] predicted = logits.argMax(-1).toLongArray();
                int next = 0;
                for (int r = 0; r < examples.size(); r++) {
                    long[] labels = examples.get(r).tokenLabels();
                    for (int k = 0; k < labels.length; k++) {
                        if (labels[k] != Losses.IGNORE_INDEX) {
                            int at = labelledOnly ? next++ : (int) (r * seq + k);
                            correct += predicted[at] == labels[k] ? 1 : 0;
                            total++;
                        }
                    }
                }
            }
        }
        return new long[] {correct, total};
    }

    private static long[] labels(List<Example> examples) {
        return examples.stream().mapToLong(Example::label).toArray();
    }

    private static long[] aux(List<Example> examples) {
        return examples.stream().mapToLong(Example::aux).toArray();
    }

    private static NDArray targets(List<Example> examples, NDManager m) {
        int k = examples.get(0).targets().length;
        float[] y = new float[examples.size() * k];
        for (int r = 0; r < examples.size(); r++) {
            System.arraycopy(examples.get(r).targets(), 0, y, r * k, k);
        }
        return m.create(y, new Shape(examples.size(), k));
    }

    private static NDArray tokenLabels(List<Example> examples, long seq, NDManager m) {
        long[] y = new long[(int) (examples.size() * seq)];
        Arrays.fill(y, Losses.IGNORE_INDEX);
        for (int r = 0; r < examples.size(); r++) {
            long[] l = examples.get(r).tokenLabels();
            System.arraycopy(l, 0, y, (int) (r * seq), l.length);
        }
        return m.create(y, new Shape(examples.size(), seq));
    }
}
