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
import dev.sparkbert.core.util.RestoresIntraOpThreads;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RestoresIntraOpThreads.class)
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

    /**
     * The update and the gradient norm split over PyTorch's intra-op threads (the replica's cores)
     * give the bits one thread gives, for parameters of several blocks, of one short block, and of
     * a few elements.
     */
    @Test
    void moreThreadsGiveTheSameBits() {
        try (NDManager manager = NDManager.newBaseManager(Engines.PYTORCH)) {
            manager.getEngine().setRandomSeed(11);
            Map<String, NDArray> grads = new java.util.LinkedHashMap<>();
            grads.put("embeddings.weight", manager.randomNormal(new Shape(5 * BlockParallel.BLOCK + 17, 3)));
            grads.put("dense.weight", manager.randomNormal(new Shape(BlockParallel.BLOCK / 2)));
            grads.put("dense.bias", manager.randomNormal(new Shape(3)));
            Map<String, NDArray> start = new java.util.LinkedHashMap<>();
            grads.forEach((k, g) -> start.put(k, manager.randomNormal(g.getShape())));
            float[][] results = new float[2][];
            double[] norms = new double[2];
            int[] threads = {1, 3};
            for (int run = 0; run < 2; run++) {
                Engines.intraOpThreadsOnThisThread(threads[run]);
                assertEquals(threads[run], BlockParallel.parts());
                Map<String, Parameter> params = new java.util.LinkedHashMap<>();
                start.forEach((k, w) -> {
                    Parameter p = Parameter.builder().setName(k).setType(Parameter.Type.WEIGHT).build();
                    p.setArray(w.duplicate());
                    params.put(k, p);
                });
                AdamW adamw = AdamW.builder().setParameters(params).build();
                Map<String, java.nio.FloatBuffer> views = new java.util.LinkedHashMap<>();
                grads.forEach((k, g) -> views.put(k, AdamW.floats(g)));
                for (int step = 0; step < 3; step++) {
                    adamw.step(1e-3, 0.5f, views);
                }
                norms[run] = GradientClipping.globalNorm(views.values());
                results[run] = ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(params.values().stream()
                        .map(p -> p.getArray().flatten()).toList())).toFloatArray();
                adamw.close();
            }
            assertTrue(java.util.Arrays.equals(results[0], results[1]), "1 and 3 threads updated differently");
            assertEquals(norms[0], norms[1], 0.0);
            assertTrue(results[0][results[0].length - 1] != start.get("dense.bias").toFloatArray()[2]);
        }
    }
}
