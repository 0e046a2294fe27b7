package dev.sparkbert.core.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.util.Engines;
import org.junit.jupiter.api.Test;

class LossesTest {

    @Test
    void crossEntropyLeavesIgnoredTargetsOutOfTheMean() {
        try (NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            NDArray logits = m.create(new float[][] {{0, 0}, {10, 0}, {5, -5}});
            NDArray labels = m.create(new long[] {0, -100, 1});
            double expected = (Math.log(2) + (10 + Math.log1p(Math.exp(-10)))) / 2;
            assertEquals(expected, Losses.crossEntropy(logits, labels).getFloat(), 1e-5);
            NDArray allIgnored = m.create(new long[] {-100, -100, -100});
            assertTrue(Float.isNaN(Losses.crossEntropy(logits, allIgnored).getFloat()), "PyTorch gives NaN");
        }
    }

    @Test
    void labelOutsideTheClassesIsNamed() {
        try (NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            NDArray logits = m.create(new float[][] {{0, 0}});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Losses.crossEntropy(logits, m.create(new long[] {2})));
            assertTrue(e.getMessage().contains("label out of range [0, 2)"), e.getMessage());
        }
    }

    @Test
    void bceWithLogitsIsStableForLargeLogits() {
        try (NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            NDArray logits = m.create(new float[] {100f, -100f});
            NDArray targets = m.create(new float[] {0f, 1f});
            assertEquals(100.0, Losses.binaryCrossEntropyWithLogits(logits, targets).getFloat(), 1e-4);
        }
    }
}
