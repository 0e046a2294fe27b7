package dev.sparkbert.training.distributed;

import java.io.Serializable;

/**
 * The seeded order of the training examples in each epoch, as HF's sampler reshuffles every epoch:
 * epoch 0 keeps the examples' own (already seeded) order, every later epoch a permutation drawn
 * from (seed, epoch). One example's position is computed alone, in constant memory, so executors
 * place their examples without a table of all of them: a 4-round Feistel network (a bijection of
 * the smallest even-bit power of two at least n) walked until it lands below n.
 */
public final class EpochOrder implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int ROUNDS = 4;

    private final long n;
    private final long seed;
    private final int halfBits;
    private final long halfMask;

    /** The orders of examples 0..n-1 under {@code seed}. */
    public EpochOrder(long n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        this.n = n;
        this.seed = seed;
        int bits = n <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(n - 1);
        this.halfBits = (bits + 1) / 2;
        this.halfMask = (1L << halfBits) - 1;
    }

    /** Where example {@code example} (0..n-1) stands in epoch {@code epoch}'s order (0..n-1). */
    public long positionOf(long example, int epoch) {
        if (example < 0 || example >= n) {
            throw new IllegalArgumentException("example " + example + " is not in 0.." + (n - 1));
        }
        if (epoch == 0 || n <= 1) {
            return example;
        }
        long x = example;
        do {
            x = feistel(x, epoch);
        } while (x >= n);
        return x;
    }

    private long feistel(long x, int epoch) {
        long left = x >>> halfBits;
        long right = x & halfMask;
        for (int r = 0; r < ROUNDS; r++) {
            long next = left ^ (mix(seed, epoch, r, right) & halfMask);
            left = right;
            right = next;
        }
        return left << halfBits | right;
    }

    /** SplitMix64's finalizer over the round's inputs: each output bit depends on every input bit. */
    private static long mix(long seed, int epoch, int round, long value) {
        long z = seed * 0x9E3779B97F4A7C15L + epoch * 0xBF58476D1CE4E5B9L + round * 0x94D049BB133111EBL + value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
