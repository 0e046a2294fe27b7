package dev.sparkbert.core.heads;

import ai.djl.ndarray.NDArray;
import dev.sparkbert.core.loss.LossTarget;
import dev.sparkbert.core.loss.LossTerm;
import dev.sparkbert.core.util.Scalars;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a head computes: its loss terms when labels were given, its named outputs, and the hidden
 * states when asked for.
 *
 * <p>Output names are HF's: {@code logits} for most heads, {@code start_logits}/{@code end_logits}
 * for question answering, {@code prediction_logits}/{@code seq_relationship_logits} for
 * pretraining, {@code last_hidden_state}/{@code pooler_output} for the bare model.
 *
 * @param lossTerms the head's loss as terms (see {@link LossTerm}); empty without labels
 * @param outputs named outputs in HF's order
 * @param hiddenStates embedding output then each layer's output, (batch, seq, hidden); null unless
 *     asked for (multiple choice: batch x choices rows)
 */
public record HeadOutput(List<LossTerm> lossTerms, Map<String, NDArray> outputs, List<NDArray> hiddenStates) {

    /** The outputs with the loss terms of {@code targets} computed on them. */
    public static HeadOutput of(Map<String, NDArray> outputs, List<LossTarget> targets, List<NDArray> hiddenStates) {
        List<LossTerm> terms = new ArrayList<>(targets.size());
        for (LossTarget t : targets) {
            terms.add(t.term(outputs));
        }
        return new HeadOutput(List.copyOf(terms), outputs, hiddenStates);
    }

    /** HF's loss: the sum over terms of weight x mean (scalar float32), or null without labels. */
    public NDArray loss() {
        long[] counts = new long[lossTerms.size()];
        for (int t = 0; t < counts.length; t++) {
            counts[t] = lossTerms.get(t).count();
        }
        return lossTerms.isEmpty() ? null : loss(counts, true);
    }

    /**
     * The loss with each term's sum divided by {@code counts[t]} instead of its own count: with the
     * counts over all replicas of a data-parallel step, the replicas' losses add up to the loss of
     * the whole batch. Terms with a zero count are left out.
     */
    public NDArray loss(long[] counts) {
        return loss(counts, false);
    }

    private NDArray loss(long[] counts, boolean keepEmpty) {
        if (counts.length != lossTerms.size()) {
            throw new IllegalArgumentException(counts.length + " counts for " + lossTerms.size() + " loss terms");
        }
        NDArray total = null;
        for (int t = 0; t < counts.length; t++) {
            LossTerm term = lossTerms.get(t);
            if (counts[t] == 0 && !keepEmpty) {
                continue;
            }
            NDArray mean = Scalars.div(term.sum(), counts[t]);
            NDArray weighted = term.weight() == 1 ? mean : Scalars.mul(mean, term.weight());
            total = total == null ? weighted : total.add(weighted);
        }
        if (total == null) {
            throw new IllegalStateException("every loss term is empty");
        }
        return total;
    }

    /** The output of that HF name; fails naming the outputs this head has. */
    public NDArray get(String name) {
        NDArray a = outputs.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no output '" + name + "'; this head has " + outputs.keySet());
        }
        return a;
    }

    /** The {@code logits} output. */
    public NDArray logits() {
        return get("logits");
    }
}
