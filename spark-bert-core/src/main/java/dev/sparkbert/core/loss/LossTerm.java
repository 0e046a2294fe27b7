package dev.sparkbert.core.loss;

import ai.djl.ndarray.NDArray;

/**
 * One term of a head's loss: HF's loss is the sum over the head's terms of {@code weight x sum /
 * count} (for example masked-LM plus next-sentence cross entropy, or the mean of start and end
 * cross entropy). Kept apart so that data-parallel training can divide every replica's sum by the
 * count over all replicas.
 *
 * @param name the term's name, e.g. {@code masked_lm}
 * @param sum scalar float32: the per-item losses added up
 * @param count items the sum is over (targets not ignored, or elements)
 * @param weight factor of the term's mean in the head's loss
 */
public record LossTerm(String name, NDArray sum, long count, double weight) {}
