package dev.sparkbert.core.loss;

import ai.djl.ndarray.NDArray;
import java.util.Map;
import java.util.function.Function;

/**
 * What one term of a head's loss compares: a prediction taken from the head's named outputs with
 * its labels, under one criterion. A head lists its targets from its inputs alone, so the number
 * of items each term averages over is known before the forward pass (data-parallel training
 * all-reduces these counts first).
 */
public final class LossTarget {

    /** The criteria HF's BERT heads use. */
    public enum Criterion { CROSS_ENTROPY, MSE, BCE_WITH_LOGITS }

    private final String name;
    private final Criterion criterion;
    private final Function<Map<String, NDArray>, NDArray> prediction;
    private final NDArray labels;
    private final long ignoreIndex;
    private final double weight;
    private long count = -1;

    private LossTarget(String name, Criterion criterion, Function<Map<String, NDArray>, NDArray> prediction,
            NDArray labels, long ignoreIndex, double weight) {
        this.name = name;
        this.criterion = criterion;
        this.prediction = prediction;
        this.labels = labels;
        this.ignoreIndex = ignoreIndex;
        this.weight = weight;
    }

    /** Cross entropy of the logits {@code prediction} picks against class labels, {@code ignoreIndex} left out. */
    public static LossTarget crossEntropy(String name, Function<Map<String, NDArray>, NDArray> prediction,
            NDArray labels, long ignoreIndex, double weight) {
        return new LossTarget(name, Criterion.CROSS_ENTROPY, prediction, labels, ignoreIndex, weight);
    }

    /** Cross entropy of the output named {@code output} with {@link Losses#IGNORE_INDEX}, weight 1. */
    public static LossTarget crossEntropy(String name, String output, NDArray labels) {
        return crossEntropy(name, outputs -> outputs.get(output), labels, Losses.IGNORE_INDEX, 1);
    }

    /** Mean squared error of the output named {@code output} against float targets of the same size. */
    public static LossTarget mse(String name, String output, NDArray targets) {
        return new LossTarget(name, Criterion.MSE, outputs -> outputs.get(output), targets, 0, 1);
    }

    /** Binary cross entropy on the sigmoid of the output named {@code output}, element-wise. */
    public static LossTarget bceWithLogits(String name, String output, NDArray targets) {
        return new LossTarget(name, Criterion.BCE_WITH_LOGITS, outputs -> outputs.get(output), targets, 0, 1);
    }

    public String name() {
        return name;
    }

    public Criterion criterion() {
        return criterion;
    }

    /** Items the term averages over: targets not ignored (cross entropy) or elements. */
    public long count() {
        if (count < 0) {
            count = criterion == Criterion.CROSS_ENTROPY ? Losses.crossEntropyCount(labels, ignoreIndex) : labels.size();
        }
        return count;
    }

    /** The term for a forward pass's named outputs. */
    public LossTerm term(Map<String, NDArray> outputs) {
        NDArray p = prediction.apply(outputs);
        NDArray sum;
        switch (criterion) {
            case CROSS_ENTROPY:
                sum = Losses.crossEntropySum(p, labels, ignoreIndex);
                break;
            case MSE:
                sum = Losses.squaredErrorSum(p, labels);
                break;
            default:
                sum = Losses.binaryCrossEntropyWithLogitsSum(p, labels);
        }
        return new LossTerm(name, sum, count(), weight);
    }
}
