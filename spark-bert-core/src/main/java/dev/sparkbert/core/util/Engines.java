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
}
