package dev.sparkbert.core.util;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant, for code that autograd differentiates.
 *
 * <p>DJL's {@code x.div(2f)} makes a scalar tensor over a Java direct buffer, uses it, and closes
 * it; but autograd keeps that tensor for the backward pass (the divisor of {@code div}, the factor
 * of {@code mul}), and once the Java buffer is garbage-collected the backward pass reads freed
 * memory. On MiniLM that turned gradients into NaN at random steps, more often the more the JVM
 * allocated (several replicas in one JVM). These constants are made by PyTorch
 * ({@code torch.full}), so autograd's reference keeps them alive.
 */
public final class Scalars {

    private Scalars() {}

    public static NDArray add(NDArray x, double v) {
        try (NDArray c = of(x, v)) {
            return x.add(c);
        }
    }

    public static NDArray mul(NDArray x, double v) {
        try (NDArray c = of(x, v)) {
            return x.mul(c);
        }
    }

    public static NDArray div(NDArray x, double v) {
        try (NDArray c = of(x, v)) {
            return x.div(c);
        }
    }

    public static NDArray pow(NDArray x, double v) {
        try (NDArray c = of(x, v)) {
            return x.pow(c);
        }
    }

    public static NDArray maximum(NDArray x, double v) {
        try (NDArray c = of(x, v)) {
            return x.maximum(c);
        }
    }

    /** A 0-d tensor of {@code x}'s type holding {@code v}, in storage PyTorch owns. */
    private static NDArray of(NDArray x, double v) {
        return x.getManager().full(new Shape(), (float) v, x.getDataType());
    }
}
