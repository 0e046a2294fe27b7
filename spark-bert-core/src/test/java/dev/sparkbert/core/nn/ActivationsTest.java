package dev.sparkbert.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.util.Engines;
import org.junit.jupiter.api.Test;

class ActivationsTest {

    @Test
    void geluFormsMatchTheirFormulas() {
        try (NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            float[] xs = {-3f, -1f, -0.5f, 0f, 0.7f, 2f};
            NDArray x = m.create(xs);
            float[] exact = Activations.forName("gelu").apply(x).toFloatArray();
            float[] tanh = Activations.forName("gelu_new").apply(x).toFloatArray();
            float[] quick = Activations.forName("quick_gelu").apply(x).toFloatArray();
            for (int i = 0; i < xs.length; i++) {
                double v = xs[i];
                double cdf = 0.5 * (1 + erf(v / Math.sqrt(2)));
                assertEquals(v * cdf, exact[i], 1e-5, "gelu(" + v + ")");
                double t = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
                assertEquals(t, tanh[i], 1e-5, "gelu_new(" + v + ")");
                assertEquals(v / (1 + Math.exp(-1.702 * v)), quick[i], 1e-5, "quick_gelu(" + v + ")");
            }
            assertThrows(IllegalArgumentException.class, () -> Activations.forName("mish"));
        }
    }

    /** Abramowitz-Stegun 7.1.26 is too coarse; integrate erf numerically instead. */
    private static double erf(double z) {
        int n = 20000;
        double h = z / n;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double t = (i + 0.5) * h;
            sum += Math.exp(-t * t);
        }
        return 2 / Math.sqrt(Math.PI) * sum * h;
    }
}
