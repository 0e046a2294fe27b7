package dev.sparkbert.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import dev.sparkbert.core.Fixtures;
import dev.sparkbert.core.util.ActivationBudget;
import dev.sparkbert.core.util.Engines;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {

    /**
     * A parameter larger than the update's block (and than the activation budget, like MiniLM's word
     * embeddings) gets PyTorch's whole-array update, written through to its last element.
     */
    @Test
    void theBlockwiseUpdateEqualsTheWholeArrayUpdate() {
        Engines.pytorch();
        try (NDManager manager = NDManager.newBaseManager(Engines.PYTORCH)) {
            manager.getEngine().setRandomSeed(7);
            long rows = ActivationBudget.BYTES / 4 / 3 + 1000; // just over the budget: two blocks
            NDArray w0 = manager.randomNormal(new Shape(rows, 3));
            NDArray g = manager.randomNormal(new Shape(rows, 3));
            Parameter p = Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build();
            p.setArray(w0.duplicate());
            AdamW adamw = AdamW.builder().setParameters(Map.of("weight", p)).optWeightDecay(0.01).build();
            adamw.attachGradients();
            try (GradientCollector gc = Engine.getEngine(Engines.PYTORCH).newGradientCollector()) {
                gc.backward(p.getArray().mul(g).sum()); // gradient = g
            }
            double lr = 1e-3;
            adamw.step(lr);

            // Step 1 on the whole array: m = 0.1 g, v = 0.001 g^2, bias corrections 0.1 and sqrt(0.001).
            NDArray m = g.mul(0.1f);
            NDArray v = g.mul(g).mul(0.001f);
            NDArray expected = w0.mul((float) (1 - lr * 0.01))
                    .sub(m.div(v.sqrt().div((float) Math.sqrt(0.001)).add(1e-8f)).mul((float) (lr / 0.1)));
            // Float rounding of a differently ordered formula: ~1 ulp; an unwritten block would be off by ~lr.
            double diff = Fixtures.maxAbsDiff(expected, p.getArray());
            assertTrue(diff < 1e-6, "blockwise update differs from the whole-array update by " + diff);
            // The last block (the rows past the first block) was written through its view.
            assertTrue(Fixtures.maxAbsDiff(w0.get("-1"), p.getArray().get("-1")) > 1e-4);
            assertEquals(1, adamw.getStepCount());
        }
    }
}
