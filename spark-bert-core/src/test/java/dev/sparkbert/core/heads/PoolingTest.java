package dev.sparkbert.core.heads;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sparkbert.core.util.Engines;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolingTest {

    @Test
    void meanPoolingIgnoresPaddingAndNormalisationGivesUnitVectors() {
        try (NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            // batch 1, seq 3, hidden 2; the third token is padding.
            NDArray hidden = m.create(new float[] {1, 2, 3, 4, 100, 100}, new Shape(1, 3, 2));
            NDArray mask = m.create(new long[][] {{1, 1, 0}});
            HeadOutput out = new HeadOutput(null, Map.of("last_hidden_state", hidden), null);
            assertArrayEquals(new float[] {2, 3}, Pooling.MEAN.apply(out, mask, false).toFloatArray());
            assertArrayEquals(new float[] {1, 2}, Pooling.CLS.apply(out, mask, false).toFloatArray());
            float[] unit = Pooling.MEAN.apply(out, mask, true).toFloatArray();
            assertEquals(1.0, Math.hypot(unit[0], unit[1]), 1e-6);
            assertThrows(IllegalArgumentException.class, () -> Pooling.POOLER.apply(out, mask, false));
            assertEquals(Pooling.MEAN, Pooling.parse("mean"));
            assertThrows(IllegalArgumentException.class, () -> Pooling.parse("max"));
        }
    }
}
