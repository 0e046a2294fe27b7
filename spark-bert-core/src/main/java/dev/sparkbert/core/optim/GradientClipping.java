package dev.sparkbert.core.optim;

import ai.djl.ndarray.NDArray;
import java.util.Collection;

/** {@code torch.nn.utils.clip_grad_norm_}: scales all gradients together so their global L2 norm is at most max. */
public final class GradientClipping {

    private GradientClipping() {}

    /** The global L2 norm of the gradients (the norm of their per-tensor norms), in double precision. */
    public static double globalNorm(Collection<NDArray> grads) {
        double sumSquares = 0;
        for (NDArray g : grads) {
            double n = g.norm().getFloat();
            sumSquares += n * n;
        }
        return Math.sqrt(sumSquares);
    }

    /**
     * Scales the gradients in place by min(1, max / (norm + 1e-6)), as PyTorch does.
     *
     * @return the norm before clipping
     */
    public static double clipGlobalNorm(Collection<NDArray> grads, double maxNorm) {
        double norm = globalNorm(grads);
        if (maxNorm > 0) {
            double coef = maxNorm / (norm + 1e-6);
            if (coef < 1.0) {
                for (NDArray g : grads) {
                    g.muli((float) coef);
                }
            }
        }
        return norm;
    }
}
