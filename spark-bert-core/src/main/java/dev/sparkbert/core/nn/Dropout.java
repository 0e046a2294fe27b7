package dev.sparkbert.core.nn;

import ai.djl.ndarray.NDArray;

/**
 * HF's {@code nn.Dropout}: in training, each element is kept with probability 1 - p and scaled by
 * 1 / (1 - p), else zeroed; outside training, the input itself. Any shape.
 *
 * <p>The keep-mask is {@code u >= p} for one float32 uniform draw per element from libtorch's
 * default generator (which the trainers seed per step): the distribution of
 * {@code torch.nn.functional.dropout} (p resolved to 2^-24) in about 80% of its time: on CPU it
 * spends two 32-bit draws per element on {@code bernoulli_}'s double-precision uniform.
 */
public final class Dropout {

    private Dropout() {}

    public static NDArray apply(NDArray x, float p, boolean training) {
        if (!training || p == 0f) {
            return x;
        }
        if (p >= 1f) {
            return x.zerosLike();
        }
        try (NDArray u = x.getManager().randomUniform(0f, 1f, x.getShape());
                NDArray keep = u.gte(p);
                NDArray mask = keep.toType(x.getDataType(), false)) {
            // The mask needs no gradient, so scaling it in place leaves autograd nothing to keep.
            return x.mul(mask.muli(1f / (1f - p)));
        }
    }
}
