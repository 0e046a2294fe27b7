package dev.sparkbert.training.distributed;

import dev.sparkbert.core.util.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.heads.HeadOutput;
import dev.sparkbert.core.loss.Losses;
import dev.sparkbert.training.data.Example;
import java.util.List;

/**
 * The loss of each trainable head, split into its mean terms so data parallelism can weight them.
 *
 * <p>HF's loss of a global batch is a sum of means (one mean for most heads; masked-LM plus
 * next-sentence for pretraining; start plus end for QA). Each term's mean over the global batch
 * equals the sum over workers of (local count / global count) x local mean, so every worker
 * counts its terms, the counts are all-reduced first, and each worker back-propagates its weighted
 * local loss; summing gradients then gives exactly the single-worker gradient.
 */
public enum Objective {
    /** BertForSequenceClassification, integer labels: cross entropy over examples. */
    SINGLE_LABEL("BertForSequenceClassification"),
    /** BertForSequenceClassification, one float target: MSE over examples. */
    REGRESSION("BertForSequenceClassification"),
    /** BertForSequenceClassification, float targets per label: BCE over elements. */
    MULTI_LABEL("BertForSequenceClassification"),
    /** BertForTokenClassification: cross entropy over non-ignored tokens. */
    TOKEN("BertForTokenClassification"),
    /** BertForMultipleChoice: cross entropy over examples. */
    MULTIPLE_CHOICE("BertForMultipleChoice"),
    /** BertForQuestionAnswering: (start CE + end CE) / 2 over answerable positions. */
    QUESTION_ANSWERING("BertForQuestionAnswering"),
    /** BertForPreTraining: masked-LM CE over masked tokens + NSP CE over examples. */
    PRETRAINING("BertForPreTraining"),
    /** BertForMaskedLM: masked-LM CE over masked tokens. */
    MASKED_LM("BertForMaskedLM");

    private final String architecture;

    Objective(String architecture) {
        this.architecture = architecture;
    }

    public String architecture() {
        return architecture;
    }

    /** Number of mean terms in the loss. */
    public int terms() {
        return this == PRETRAINING || this == QUESTION_ANSWERING ? 2 : 1;
    }

    /** How many loss elements each term averages over in these examples. */
    public long[] counts(List<Example> examples, int numLabels) {
        long[] c = new long[terms()];
        for (Example e : examples) {
            switch (this) {
                case TOKEN:
                case MASKED_LM:
                    c[0] += countLabelled(e.tokenLabels());
                    break;
                case PRETRAINING:
                    c[0] += countLabelled(e.tokenLabels());
                    c[1] += 1;
                    break;
                case QUESTION_ANSWERING:
                    c[0] += 1;
                    c[1] += 1;
                    break;
                case MULTI_LABEL:
                    c[0] += numLabels;
                    break;
                default:
                    c[0] += 1;
            }
        }
        return c;
    }

    private static long countLabelled(long[] labels) {
        long n = 0;
        for (long l : labels) {
            n += l != Losses.IGNORE_INDEX ? 1 : 0;
        }
        return n;
    }

    /** Pads the examples to their longest and builds the head's inputs (labels are applied in {@link #loss}). */
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
        java.util.Arrays.fill(ids, padId);
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
        return BertInputs.builder().setInputIds(m.create(ids, shape)).optTokenTypeIds(m.create(types, shape))
                .optAttentionMask(m.create(mask, shape)).build();
    }

    /**
     * The weighted local loss: sum over terms of (local count / global count) x local mean. Terms with
     * no local elements contribute nothing.
     */
    public NDArray loss(HeadOutput out, List<Example> examples, long[] localCounts, long[] globalCounts) {
        NDManager m = out.outputs().values().iterator().next().getManager();
        NDArray total = null;
        for (int t = 0; t < terms(); t++) {
            if (localCounts[t] == 0) {
                continue;
            }
            NDArray mean = term(t, out, examples, m);
            NDArray weighted = Scalars.mul(mean, (double) localCounts[t] / globalCounts[t]);
            total = total == null ? weighted : total.add(weighted);
        }
        if (total == null) {
            throw new IllegalStateException("no loss terms in this micro-batch");
        }
        return total;
    }

    /**
     * Evaluation sums over a batch, to be added up across batches and workers: for each term its
     * mean times its count (so the sums over counts give the global means), then the number of
     * correct predictions and the number of predictions (accuracy: examples for classification
     * and multiple choice, labelled tokens for tagging and masked LM, exact start and end for QA;
     * none for regression and multi-label).
     */
    public double[] evalSums(HeadOutput out, List<Example> examples, int numLabels) {
        NDManager m = out.outputs().values().iterator().next().getManager();
        long[] counts = counts(examples, numLabels);
        double[] sums = new double[terms() + 2];
        for (int t = 0; t < terms(); t++) {
            if (counts[t] > 0) {
                sums[t] = term(t, out, examples, m).getFloat() * counts[t];
            }
        }
        long correct = 0;
        long total = 0;
        switch (this) {
            case SINGLE_LABEL:
            case MULTIPLE_CHOICE: {
                long[] predicted = out.logits().argMax(-1).toLongArray();
                for (int r = 0; r < examples.size(); r++) {
                    correct += predicted[r] == examples.get(r).label() ? 1 : 0;
                }
                total = examples.size();
                break;
            }
            case TOKEN:
            case MASKED_LM:
            case PRETRAINING: {
                NDArray logits = this == PRETRAINING ? out.get("prediction_logits") : out.logits();
                long seq = logits.getShape().get(1);
                long[] predicted = logits.argMax(-1).toLongArray();
                for (int r = 0; r < examples.size(); r++) {
                    long[] labels = examples.get(r).tokenLabels();
                    for (int k = 0; k < labels.length; k++) {
                        if (labels[k] != Losses.IGNORE_INDEX) {
                            correct += predicted[(int) (r * seq + k)] == labels[k] ? 1 : 0;
                            total++;
                        }
                    }
                }
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
            default:
                break;
        }
        sums[terms()] = correct;
        sums[terms() + 1] = total;
        return sums;
    }

    private NDArray term(int t, HeadOutput out, List<Example> examples, NDManager m) {
        int rows = examples.size();
        switch (this) {
            case SINGLE_LABEL:
            case MULTIPLE_CHOICE:
                return Losses.crossEntropy(out.logits(), m.create(labels(examples)));
            case REGRESSION:
            case MULTI_LABEL: {
                int k = examples.get(0).targets().length;
                float[] y = new float[rows * k];
                for (int r = 0; r < rows; r++) {
                    System.arraycopy(examples.get(r).targets(), 0, y, r * k, k);
                }
                NDArray targets = m.create(y, new Shape(rows, k));
                return this == REGRESSION ? Losses.mse(out.logits(), targets)
                        : Losses.binaryCrossEntropyWithLogits(out.logits(), targets);
            }
            case TOKEN:
            case MASKED_LM:
                return Losses.crossEntropy(out.logits(), tokenLabels(examples, out.logits().getShape().get(1), m));
            case PRETRAINING:
                return t == 0 ? Losses.crossEntropy(out.get("prediction_logits"),
                        tokenLabels(examples, out.get("prediction_logits").getShape().get(1), m))
                        : Losses.crossEntropy(out.get("seq_relationship_logits"), m.create(aux(examples)));
            case QUESTION_ANSWERING: {
                NDArray logits = out.get(t == 0 ? "start_logits" : "end_logits");
                long seq = logits.getShape().get(1);
                NDArray positions = m.create(t == 0 ? labels(examples) : aux(examples)).clip(0, seq);
                return Scalars.mul(Losses.crossEntropy(logits, positions, seq), 0.5);
            }
            default:
                throw new IllegalStateException(name());
        }
    }

    private static long[] labels(List<Example> examples) {
        return examples.stream().mapToLong(Example::label).toArray();
    }

    private static long[] aux(List<Example> examples) {
        return examples.stream().mapToLong(Example::aux).toArray();
    }

    private static NDArray tokenLabels(List<Example> examples, long seq, NDManager m) {
        long[] y = new long[(int) (examples.size() * seq)];
        java.util.Arrays.fill(y, Losses.IGNORE_INDEX);
        for (int r = 0; r < examples.size(); r++) {
            long[] l = examples.get(r).tokenLabels();
            System.arraycopy(l, 0, y, (int) (r * seq), l.length);
        }
        return m.create(y, new Shape(examples.size(), seq));
    }
}
