package dev.sparkbert.core.optim;

import java.nio.FloatBuffer;
import java.util.Collection;
import java.util.List;

/** {@code torch.nn.utils.clip_grad_norm_}: the global L2 norm of all gradients and PyTorch's clip coefficient. */
public final class GradientClipping {

    private GradientClipping() {}

    /**
     * The global L2 norm of the gradients, each buffer read from index 0 to its limit: squares
     * summed in double precision per block of {@value BlockParallel#BLOCK} (blocks split over
     * PyTorch's intra-op thread count), block sums added in a fixed order. The same bits on every
     * replica that holds the same values, on any number of threads.
     */
    public static double globalNorm(Collection<FloatBuffer> grads) {
        return globalNorm(grads, null, 1, null);
    }

    /**
     * The same norm, where {@code sparse} (one of {@code grads}, a matrix of rows {@code width}
     * floats wide) is zero outside {@code rows}: its blocks without one of those rows are not read.
     * Their sums would be +0.0, so the bits are those of {@link #globalNorm(Collection)}.
     */
    public static double globalNorm(Collection<FloatBuffer> grads, FloatBuffer sparse, int width, int[] rows) {
        List<FloatBuffer> buffers = List.copyOf(grads);
        boolean[][] skip = new boolean[buffers.size()][];
        for (int j = 0; j < buffers.size(); j++) {
            if (buffers.get(j) == sparse && rows != null) {
                skip[j] = blocksWithoutRows(buffers.get(j).limit(), width, rows);
            }
        }
        return norm(blockSums(buffers, skip));
    }

    /**
     * Of a matrix of {@code n} floats in rows {@code width} wide, the blocks that hold none of
     * {@code rows}.
     */
    static boolean[] blocksWithoutRows(int n, int width, int[] rows) {
        boolean[] skip = new boolean[BlockParallel.blocks(n)];
        java.util.Arrays.fill(skip, true);
        for (int r : rows) {
            for (long b = (long) r * width / BlockParallel.BLOCK; b <= ((long) r * width + width - 1)
                    / BlockParallel.BLOCK; b++) {
                skip[(int) b] = false;
            }
        }
        return skip;
    }

    /**
     * The sum of squares (in double precision) of every block of every buffer, {@code sums[j][b]}
     * for block b of buffer j, except the blocks {@code skip[j][b]} marks (left 0; {@code skip[j]}
     * null: none), with the blocks split over PyTorch's intra-op thread count.
     */
    static double[][] blockSums(List<FloatBuffer> buffers, boolean[][] skip) {
        double[][] blockSums = new double[buffers.size()][];
        for (int j = 0; j < buffers.size(); j++) {
            blockSums[j] = new double[BlockParallel.blocks(buffers.get(j).limit())];
        }
        int parts = BlockParallel.parts();
        BlockParallel.run(parts, part -> {
            float[] block = new float[BlockParallel.BLOCK];
            for (int j = 0; j < buffers.size(); j++) {
                FloatBuffer g = buffers.get(j);
                int blocks = blockSums[j].length;
                for (int b = BlockParallel.firstBlock(blocks, part, parts);
                        b < BlockParallel.firstBlock(blocks, part + 1, parts); b++) {
                    if (skip[j] != null && skip[j][b]) {
                        continue;
                    }
                    int from = b * BlockParallel.BLOCK;
                    int len = Math.min(BlockParallel.BLOCK, g.limit() - from);
                    g.get(from, block, 0, len);
                    blockSums[j][b] = sumOfSquares(block, len);
                }
            }
        });
        return blockSums;
    }

    /** The square root of all block sums, added buffer by buffer, block by block: one order everywhere. */
    static double norm(double[][] blockSums) {
        double sumSquares = 0;
        for (double[] sums : blockSums) {
            for (double s : sums) {
                sumSquares += s;
            }
        }
        return Math.sqrt(sumSquares);
    }

    private static double sumOfSquares(float[] block, int len) {
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
        return (s0 + s1) + (s2 + s3);
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
