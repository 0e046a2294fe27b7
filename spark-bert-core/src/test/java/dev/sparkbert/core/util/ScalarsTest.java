package dev.sparkbert.core.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ScalarsTest {

    /**
     * With DJL's {@code x.div(2f)} this gradient came out as -1.1e-30 instead of 0.5: the divisor's
     * Java buffer was freed by the collection and its memory reused before the backward pass.
     */
    @Test
    void constantsInTheGraphSurviveAGarbageCollectionBeforeBackward() throws Exception {
        assertGradient(x -> Scalars.div(x, 2), new float[] {0.5f, 0.5f, 0.5f});
        assertGradient(x -> Scalars.mul(x, 3), new float[] {3, 3, 3});
        assertGradient(x -> Scalars.pow(x, 2), new float[] {2, 4, 6});
        assertGradient(x -> Scalars.maximum(x, 1.5), new float[] {0, 1, 1});
        assertGradient(x -> Scalars.mul(Scalars.add(x, 1), 2), new float[] {2, 2, 2});
    }

    private static void assertGradient(UnaryOperator<NDArray> f, float[] expected) throws InterruptedException {
        try (NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            NDArray x = m.create(new float[] {1, 2, 3});
            x.setRequiresGradient(true);
            JniUtils.setGradMode(true);
            try {
                NDArray y = f.apply(x).sum();
                collectGarbageAndReuseMemory();
                JniUtils.backward((PtNDArray) y, (PtNDArray) y.onesLike(), false, false);
            } finally {
                JniUtils.setGradMode(false);
            }
            assertArrayEquals(expected, x.getGradient().toFloatArray(), 1e-6f);
        }
    }

    private static void collectGarbageAndReuseMemory() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100); // the Cleaner thread frees direct buffers after a collection
        }
        List<ByteBuffer> reuse = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ByteBuffer b = ByteBuffer.allocateDirect(4);
            b.putFloat(0, 1234f);
            reuse.add(b);
        }
    }
}
