package dev.sparkbert.core.util;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/** Starts DJL's PyTorch engine and sets the per-thread state BERT code relies on. */
public final class Engines {

    /** The engine name all spark-bert arrays use. */
    public static final String PYTORCH = "PyTorch";

    private Engines() {}

    /** The PyTorch engine, loaded on first use (from the bundled native jar; nothing is downloaded). */
    public static Engine pytorch() {
        return Engine.getEngine(PYTORCH);
    }

    /**
     * Turns autograd off on the calling thread. PyTorch keeps grad mode per thread and every new
     * thread starts with it on, so each inference thread must call this or every forward pass
     * builds an autograd graph.
     */
    public static void noGradOnThisThread() {
        pytorch();
        JniUtils.setGradMode(false);
    }

    /**
     * Seeds PyTorch's default CPU generator (dropout's masks) from the parts given, mixed into one
     * 64-bit seed (SplitMix64), so the masks of, say, (seed, rank, step) are a function of those.
     * The generator is process-wide: replicas sharing a JVM draw from it in whatever order their
     * threads run.
     */
    public static void seedGenerator(long... parts) {
        long s = 0;
        for (long p : parts) {
            s = mix(s + 0x9E3779B97F4A7C15L + p);
        }
        JniUtils.setSeed(s);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The intra-op threads PyTorch uses for ops called from this thread: {@code
     * -Dai.djl.pytorch.num_threads} when the user set it, else {@code threads}. PyTorch keeps the
     * count per calling thread (OpenMP, MKL), and a thread it has not seen takes the engine-wide
     * value, which is every core by default: two Spark tasks in one executor would then run four
     * threads on two cores. Cheap when the count is already right.
     *
     * @return the count now in effect on this thread, as PyTorch reports it
     */
    public static int intraOpThreadsOnThisThread(int threads) {
        pytorch();
        String forced = System.getProperty("ai.djl.pytorch.num_threads");
        int n = forced != null ? Integer.parseInt(forced.trim()) : Math.max(1, threads);
        if (JniUtils.getNumThreads() != n) {
            JniUtils.setNumThreads(n);
        }
        return JniUtils.getNumThreads();
    }
}
