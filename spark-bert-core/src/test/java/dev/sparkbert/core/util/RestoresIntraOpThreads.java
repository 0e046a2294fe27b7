package dev.sparkbert.core.util;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives the test thread back the PyTorch intra-op thread count it had before each test, for tests
 * that change it ({@link Engines#intraOpThreadsOnThisThread}) and share the JVM with others.
 */
public final class RestoresIntraOpThreads implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NS =
            ExtensionContext.Namespace.create(RestoresIntraOpThreads.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        Engines.pytorch();
        context.getStore(NS).put("threads", ai.djl.pytorch.jni.JniUtils.getNumThreads());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Engines.intraOpThreadsOnThisThread(context.getStore(NS).get("threads", Integer.class));
    }
}
