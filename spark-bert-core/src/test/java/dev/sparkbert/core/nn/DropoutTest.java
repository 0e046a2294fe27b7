package dev.sparkbert.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.sparkbert.core.util.Engines;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DropoutTest {

    private static final int N = 1 << 20;

    @Test
    void keepsOneMinusPOfTheElementsScaledAndPassesGradientsThroughTheMask() {
        try (NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            float p = 0.1f;
            NDArray x = m.randomUniform(1f, 2f, new Shape(64, N / 64));
            x.setRequiresGradient(true);
            Engines.seedGenerator(3);
            float[] y;
            float[] grad;
            try (GradientCollector gc = Engine.getEngine(Engines.PYTORCH).newGradientCollector()) {
                NDArray out = Dropout.apply(x, p, true);
                y = out.toFloatArray();
                gc.backward(out.sum());
                grad = x.getGradient().toFloatArray();
            }
            float[] in = x.toFloatArray();
            float scale = 1f / (1f - p);
            int kept = 0;
            for (int i = 0; i < N; i++) {
                if (y[i] != 0f) {
                    kept++;
                    assertEquals(in[i] * scale, y[i], "element " + i + " is kept and scaled by 1 / (1 - p)");
                    assertEquals(scale, grad[i], "element " + i + "'s gradient");
                } else {
                    assertEquals(0f, grad[i], "dropped element " + i + "'s gradient");
                }
            }
            // Binomial(N, 0.9): five standard deviations are 0.0015 of N.
            assertEquals(1 - p, kept / (double) N, 5 * Math.sqrt(p * (1 - p) / N), "kept fraction");
        }
    }

    @Test
    void theSameSeedDrawsTheSameMask() {
        try (NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            NDArray x = m.ones(new Shape(N));
            Engines.seedGenerator(5, 0, 1);
            float[] a = Dropout.apply(x, 0.5f, true).toFloatArray();
            Engines.seedGenerator(5, 0, 1);
            float[] b = Dropout.apply(x, 0.5f, true).toFloatArray();
            Engines.seedGenerator(5, 0, 2);
            float[] c = Dropout.apply(x, 0.5f, true).toFloatArray();
            assertArrayEquals(a, b);
            assertFalse(Arrays.equals(a, c), "another step's seed draws another mask");
        }
    }

    @Test
    void isTheIdentityOutsideTrainingAndZeroAtPOne() {
        try (NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            NDArray x = m.randomNormal(new Shape(4, 8));
            assertSame(x, Dropout.apply(x, 0.5f, false));
            assertSame(x, Dropout.apply(x, 0f, true));
            float[] zero = Dropout.apply(x, 1f, true).toFloatArray();
            assertArrayEquals(new float[32], zero);
        }
    }
}
