package dev.sparkbert.core.loss;

import dev.sparkbert.core.util.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Losses with PyTorch / Hugging Face semantics. Each loss is a sum over its items (a scalar float32
 * array) and a count of those items; the mean forms divide one by the other, as PyTorch's {@code
 * reduction="mean"} does. Classification targets equal to the ignore index add no item.
 */
public final class Losses {

    /** PyTorch's default {@code ignore_index}: targets with this value are left out of the loss. */
    public static final long IGNORE_INDEX = -100;

    private Losses() {}

    /**
     * Sum of {@code F.cross_entropy(logits.view(-1, C), labels.view(-1), ignore_index, reduction="sum")}.
     *
     * @param logits (..., C) unnormalised scores
     * @param labels (...) int class indices in [0, C) or {@code ignoreIndex}
     */
    public static NDArray crossEntropySum(NDArray logits, NDArray labels, long ignoreIndex) {
        long classes = logits.getShape().get(logits.getShape().dimension() - 1);
        NDArray flatLogits = logits.reshape(-1, classes);
        NDArray flatLabels = labels.reshape(-1).toType(DataType.INT64, false);
        if (flatLogits.getShape().get(0) != flatLabels.getShape().get(0)) {
            throw new IllegalArgumentException("labels have " + flatLabels.getShape().get(0)
                    + " targets but logits have " + flatLogits.getShape().get(0) + " rows");
        }
        NDArray keep = flatLabels.neq(ignoreIndex);
        NDArray bad = keep.logicalAnd(flatLabels.lt(0).logicalOr(flatLabels.gte(classes)));
        if (bad.any().getBoolean()) {
            throw new IllegalArgumentException("label out of range [0, " + classes + ") (or " + ignoreIndex
                    + " to ignore): " + flatLabels.get(bad).getLong(0));
        }
        NDArray safe = flatLabels.mul(keep.toType(DataType.INT64, false));
        NDArray picked = flatLogits.logSoftmax(-1).gather(safe.expandDims(1), 1).squeeze(1);
        return picked.mul(keep.toType(DataType.FLOAT32, false)).sum().neg();
    }

    /** Targets of {@code labels} that cross entropy counts (those not equal to {@code ignoreIndex}). */
    public static long crossEntropyCount(NDArray labels, long ignoreIndex) {
        try (NDArray keep = labels.neq(ignoreIndex); NDArray n = keep.sum()) {
            return n.toType(DataType.INT64, false).getLong();
        }
    }

    /**
     * {@code F.cross_entropy(logits.view(-1, C), labels.view(-1), ignore_index)}: the mean negative
     * log-likelihood over non-ignored targets (NaN if all are ignored, as in PyTorch).
     */
    public static NDArray crossEntropy(NDArray logits, NDArray labels, long ignoreIndex) {
        return Scalars.div(crossEntropySum(logits, labels, ignoreIndex), crossEntropyCount(labels, ignoreIndex));
    }

    /** Cross entropy with {@link #IGNORE_INDEX}. */
    public static NDArray crossEntropy(NDArray logits, NDArray labels) {
        return crossEntropy(logits, labels, IGNORE_INDEX);
    }

    /** Sum of squared differences of two arrays of equal size ({@code F.mse_loss} with {@code reduction="sum"}). */
    public static NDArray squaredErrorSum(NDArray predictions, NDArray targets) {
        if (predictions.size() != targets.size()) {
            throw new IllegalArgumentException("regression targets have " + targets.size() + " values but the model"
                    + " predicts " + predictions.size());
        }
        NDArray diff = predictions.reshape(-1).sub(targets.reshape(-1).toType(DataType.FLOAT32, false));
        return diff.mul(diff).sum();
    }

    /** {@code F.mse_loss}: mean of squared differences of two arrays of equal size. */
    public static NDArray mse(NDArray predictions, NDArray targets) {
        return Scalars.div(squaredErrorSum(predictions, targets), targets.size());
    }

    /**
     * Sum over all elements of max(x, 0) - x y + log(1 + exp(-|x|)), the numerically stable form of
     * binary cross entropy on sigmoid(x) ({@code BCEWithLogitsLoss} with {@code reduction="sum"}).
     */
    public static NDArray binaryCrossEntropyWithLogitsSum(NDArray logits, NDArray targets) {
        NDArray y = targets.toType(DataType.FLOAT32, false);
        if (!y.getShape().equals(logits.getShape())) {
            throw new IllegalArgumentException("multi-label targets have shape " + y.getShape()
                    + " but logits have " + logits.getShape());
        }
        NDArray stable = Scalars.add(logits.abs().neg().exp(), 1).log();
        return Scalars.maximum(logits, 0).sub(logits.mul(y)).add(stable).sum();
    }

    /** {@code BCEWithLogitsLoss}: the mean over all elements. */
    public static NDArray binaryCrossEntropyWithLogits(NDArray logits, NDArray targets) {
        return Scalars.div(binaryCrossEntropyWithLogitsSum(logits, targets), targets.size());
    }
}
