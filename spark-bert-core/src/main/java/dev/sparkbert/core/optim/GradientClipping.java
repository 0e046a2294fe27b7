package dev.sparkbert.core.optim;

import java.nio.FloatBuffer;
import java.util.Collection;

/** {@code torch.nn.utils.clip_grad_norm_}: the global L2 norm of all gradients and PyTorch's clip coefficient. */
public final class GradientClipping {

    private static final int BLOCK = 8192;

    private GradientClipping() {}

    /**
     * The global L2 norm of the gradients, each buffer read from index 0 to its limit, summed in
     * double precision in a fixed order: the same bits on every replica that holds the same values.
     */
    public static double globalNorm(Collection<FloatBuffer> grads) {
        float[] block = new float[BLOCK];
        double sumSquares = 0;
        for (FloatBuffer g : grads) {
            int n = g.limit();
            for (int from = 0; from < n; from += BLOCK) {
                int len = Math.min(BLOCK, n - from);
                g.get(from, block, 0, len);
                // Four independent sums keep the adder busy; their order is fixed.
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                int i = 0;
                for (; i + 3 < len; i += 4) {
                    s0 += (double) block[i] * block[i];
                    s1 += (double) block[i + 1] * block[i + 1];
                    s2 += (double) block[i + 2] * block[i + 2];
                    s3 += (double) block[i + 3] * block[i + 3];
                }
                for (; i < len; i++) {
                    s0 += (double) block[i] * block[i];
                }
                sumSquares += (s0 + s1) + (s2 + s3);
            }
        }
        return Math.sqrt(sumSquares);
    }

    /**
     * The factor PyTorch scales every gradient by: min(1, max / (norm + 1e-6)); 1 when {@code
     * maxNorm <= 0} (no clipping).
     */
    public static float clipCoefficient(double norm, double maxNorm) {
        if (maxNorm <= 0) {
            return 1f;
        }
        double coef = maxNorm / (norm + 1e-6);
        return coef < 1.0 ? (float) coef : 1f;
    }
}
