package dev.sparkbert.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.util.RestoresIntraOpThreads;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** AdamW's lazily updated rows ({@link AdamW#updateRowsLazily}) against the whole-matrix update. */
@ExtendWith(RestoresIntraOpThreads.class)
class LazyRowsTest {

    private static final int ROWS = 40;
    private static final int WIDTH = 6;

    /**
     * Steps whose gradient touches a few rows, catch-ups of other rows between steps, one step that
     * may touch any row, a checkpoint restore and a flush give, bit for bit, the weights and moments
     * of the optimizer that updates every row every step; a caught-up row is already equal.
     */
    @Test
    void lazyRowsGiveTheBitsOfTheWholeMatrixUpdate() {
        try (NDManager manager = NDManager.newBaseManager(Engines.PYTORCH)) {
            manager.getEngine().setRandomSeed(3);
            NDArray emb0 = manager.randomNormal(new Shape(ROWS, WIDTH));
            NDArray dense0 = manager.randomNormal(new Shape(5));
            Map<String, Parameter> eagerParams = params(emb0, dense0);
            Map<String, Parameter> lazyParams = params(emb0, dense0);
            AdamW eager = AdamW.builder().setParameters(eagerParams).optWeightDecay(0.1).build();
            AdamW lazy = AdamW.builder().setParameters(lazyParams).optWeightDecay(0.1).build();
            lazy.updateRowsLazily("embeddings.word_embeddings.weight");
            Random random = new Random(5);
            for (int step = 0; step < 12; step++) {
                Engines.intraOpThreadsOnThisThread(step % 2 == 0 ? 1 : 3);
                int[] touched = randomRows(random, 1 + random.nextInt(6));
                float[] grad = new float[ROWS * WIDTH];
                for (int r : touched) {
                    for (int c = 0; c < WIDTH; c++) {
                        grad[r * WIDTH + c] = (float) random.nextGaussian();
                    }
                }
                Map<String, FloatBuffer> grads = new LinkedHashMap<>();
                grads.put("embeddings.word_embeddings.weight", FloatBuffer.wrap(grad));
                grads.put("dense.bias", FloatBuffer.wrap(new float[] {0.1f, -0.2f, 0.3f, 0f, 1f}));
                double lr = 1e-2 * (12 - step);
                eager.step(lr, 0.7f, grads);
                lazy.step(lr, 0.7f, grads, step == 7 ? null : touched);
                if (step == 4) {
                    int[] needed = randomRows(random, 5);
                    lazy.catchUp(needed);
                    for (int r : needed) {
                        assertArrayEquals(row(eagerParams, r), row(lazyParams, r), "caught-up row " + r);
                    }
                }
                if (step == 9) {
                    // A checkpoint: the state is flushed, and a restore makes every row current.
                    Map<String, NDArray> state = lazy.state();
                    assertArrayEquals(flat(eagerParams), flat(lazyParams), "flushed for the checkpoint");
                    lazy.restore(state, lazy.getStepCount());
                }
            }
            assertFalse(Arrays.equals(flat(eagerParams), flat(lazyParams)), "rows left behind after the last step");
            lazy.flush();
            assertArrayEquals(flat(eagerParams), flat(lazyParams));
            for (String k : eager.state().keySet()) {
                assertArrayEquals(eager.state().get(k).toFloatArray(), lazy.state().get(k).toFloatArray(), k);
            }
            eager.close();
            lazy.close();
        }
    }

    /** After a step told which rows have a gradient, zeroing clears those rows of the gradient's memory. */
    @Test
    void zeroingClearsTheTouchedRows() {
        Engines.pytorch();
        try (NDManager manager = NDManager.newBaseManager(Engines.PYTORCH)) {
            Map<String, Parameter> p = params(manager.ones(new Shape(ROWS, WIDTH)), manager.ones(new Shape(5)));
            AdamW adamw = AdamW.builder().setParameters(p).build();
            adamw.updateRowsLazily("embeddings.word_embeddings.weight");
            adamw.attachGradients();
            Map<String, FloatBuffer> views = adamw.gradientViews();
            int[] touched = {2, 17, 39};
            for (int r : touched) {
                views.get("embeddings.word_embeddings.weight").put(r * WIDTH + WIDTH - 1, 5f);
            }
            views.get("dense.bias").put(0, 1f);
            adamw.step(1e-3, 1f, views, touched);
            adamw.zeroGradients();
            for (FloatBuffer g : adamw.gradientViews().values()) {
                for (int i = 0; i < g.limit(); i++) {
                    assertEquals(0f, g.get(i), "gradient element " + i);
                }
            }
            assertThrows(IllegalArgumentException.class, () -> adamw.catchUp(new int[] {3, 3}));
            assertThrows(IllegalArgumentException.class, () -> adamw.catchUp(new int[] {ROWS}));
            adamw.close();
        }
    }

    private static Map<String, Parameter> params(NDArray emb, NDArray dense) {
        Map<String, Parameter> params = new LinkedHashMap<>();
        params.put("embeddings.word_embeddings.weight", param("embeddings.word_embeddings.weight", emb));
        params.put("dense.bias", param("dense.bias", dense));
        return params;
    }

    private static Parameter param(String name, NDArray value) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        p.setArray(value.duplicate());
        return p;
    }

    private static int[] randomRows(Random random, int n) {
        TreeSet<Integer> rows = new TreeSet<>();
        while (rows.size() < n) {
            rows.add(random.nextInt(ROWS));
        }
        return rows.stream().mapToInt(Integer::intValue).toArray();
    }

    private static float[] row(Map<String, Parameter> params, int r) {
        return Arrays.copyOfRange(params.get("embeddings.word_embeddings.weight").getArray().toFloatArray(),
                r * WIDTH, (r + 1) * WIDTH);
    }

    private static float[] flat(Map<String, Parameter> params) {
        float[] emb = params.get("embeddings.word_embeddings.weight").getArray().toFloatArray();
        float[] dense = params.get("dense.bias").getArray().toFloatArray();
        float[] all = Arrays.copyOf(emb, emb.length + dense.length);
        System.arraycopy(dense, 0, all, emb.length, dense.length);
        return all;
    }
}
