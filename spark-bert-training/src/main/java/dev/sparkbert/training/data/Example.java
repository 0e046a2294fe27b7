package dev.sparkbert.training.data;

import java.io.Serializable;

/**
 * One tokenized training example, the unit the distributed trainer moves between workers. Unused
 * fields are null (arrays) or -1.
 *
 * @param index position in the global (shuffled) training order; decides the step and worker
 * @param inputIds token ids, (seq) or flattened (choices x seq) for multiple choice
 * @param typeIds segment ids, same length
 * @param mask attention mask, same length
 * @param choices number of choices (multiple choice), else 1
 * @param label class index (single-label, multiple choice, NSP for pretraining in {@code aux}), or -1
 * @param targets float targets (regression: one value; multi-label: one per label), or null
 * @param tokenLabels per-token labels with -100 ignored (tagging, masked LM), or null
 * @param aux a second integer label: the next-sentence label in pretraining, the end position in QA
 */
public record Example(long index, long[] inputIds, long[] typeIds, long[] mask, int choices, long label,
        float[] targets, long[] tokenLabels, long aux) implements Serializable {

    /** An example not yet placed in the training order. */
    public static Example unplaced(long[] inputIds, long[] typeIds, long[] mask, int choices, long label,
            float[] targets, long[] tokenLabels, long aux) {
        return new Example(-1, inputIds, typeIds, mask, choices, label, targets, tokenLabels, aux);
    }

    /** This example at position {@code i} of the training order. */
    public Example withIndex(long i) {
        return new Example(i, inputIds, typeIds, mask, choices, label, targets, tokenLabels, aux);
    }
}
