package dev.sparkbert.training.distributed;

import java.io.Serializable;

/**
 * One evaluation on the validation examples during training.
 *
 * @param step optimizer steps done when it ran
 * @param loss the validation loss (HF's loss over all validation examples)
 * @param accuracy share of right predictions (see {@link Objective#correctAndTotal}), NaN where it has no meaning
 * @param examples validation examples
 */
public record EvalRecord(int step, double loss, double accuracy, long examples) implements Serializable {}
