package dev.sparkbert.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.util.RestoresIntraOpThreads;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sharded update ({@link UpdateShard}) against the whole update on every replica. */
@ExtendWith(RestoresIntraOpThreads.class)
class UpdateShardTest {

    private static final String EMBEDDINGS = "embeddings.word_embeddings.weight";
    private static final int ROWS = 40;
    private static final int WIDTH = 6;
    /** Sharded parameters: several blocks with a short last one, one element, exactly one block. */
    private static final Map<String, Integer> DENSE = sizes(20000, 5, BlockParallel.BLOCK, 30000);

    @Test
    void partsStartAtBlocksNearAnEvenSplit() {
        int n = DENSE.values().stream().mapToInt(Integer::intValue).sum();
        for (int parts = 1; parts <= 4; parts++) {
            int[] starts = UpdateShard.starts(DENSE, parts);
            assertEquals(0, starts[0]);
            assertEquals(n, starts[parts]);
            for (int c = 1; c < parts; c++) {
                assertTrue(starts[c] >= starts[c - 1] && starts[c] >= (long) n * c / parts, Arrays.toString(starts));
                assertTrue(starts[c] - (long) n * c / parts < BlockParallel.BLOCK, Arrays.toString(starts));
                assertTrue(isBlockStart(starts[c]), starts[c] + " is inside a block");
            }
        }
    }

    /**
     * Three replicas, each updating its part from gradients summed only there (the rest NaN, as a
     * reduce-scatter leaves partial sums) and then taking the others' parts of the weights, end
     * every step with the whole update's norm and weights bit for bit; the lazily updated
     * word-embedding rows, which every replica updates, too; the moments of each part, gathered,
     * are the whole update's.
     */
    @Test
    void threeReplicasUpdatingTheirPartsGiveTheWholeUpdatesBits() throws Exception {
        int replicas = 3;
        try (NDManager manager = NDManager.newBaseManager(Engines.PYTORCH)) {
            manager.getEngine().setRandomSeed(11);
            Map<String, NDArray> initial = new LinkedHashMap<>();
            initial.put(EMBEDDINGS, manager.randomNormal(new Shape(ROWS, WIDTH)));
            DENSE.forEach((k, n) -> initial.put(k, manager.randomNormal(new Shape(n))));
            AdamW whole = adamw(initial);
            List<AdamW> sharded = new ArrayList<>();
            List<UpdateShard> shards = new ArrayList<>();
            Gather gather = new Gather(replicas);
            for (int r = 0; r < replicas; r++) {
                sharded.add(adamw(initial));
                shards.add(new UpdateShard(DENSE, replicas, r, gather));
            }
            ExecutorService pool = Executors.newFixedThreadPool(replicas);
            Random random = new Random(7);
            try {
                for (int step = 0; step < 6; step++) {
                    int[] touched = {1, 9 + step, 33};
                    Map<String, float[]> grads = new LinkedHashMap<>();
                    initial.forEach((k, a) -> grads.put(k, gaussians(random, (int) a.size())));
                    for (int c = 0; c < WIDTH; c++) {
                        grads.get(EMBEDDINGS)[2 * WIDTH + c] = 0; // row 2 has no gradient this step
                    }
                    double lr = 1e-2 * (6 - step);
                    double norm = whole.globalNorm(views(grads, null), touched);
                    whole.step(lr, 0.5f, views(grads, null), touched);
                    List<Future<Double>> norms = new ArrayList<>();
                    for (int r = 0; r < replicas; r++) {
                        AdamW a = sharded.get(r);
                        UpdateShard s = shards.get(r);
                        Map<String, FloatBuffer> mine = views(grads, s);
                        int threads = 1 + r % 2;
                        norms.add(pool.submit(() -> {
                            Engines.intraOpThreadsOnThisThread(threads);
                            double n = a.globalNorm(mine, touched, s);
                            a.step(lr, 0.5f, mine, touched, s);
                            return n;
                        }));
                    }
                    for (Future<Double> n : norms) {
                        assertEquals(norm, n.get(), 0.0, "norm at step " + step);
                    }
                    exchange(sharded, shards, AdamW.Tensor.WEIGHTS);
                    for (int r = 0; r < replicas; r++) {
                        assertEquals(floats(whole, AdamW.Tensor.WEIGHTS), floats(sharded.get(r), AdamW.Tensor.WEIGHTS),
                                "replica " + r + " after step " + step);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            whole.flush();
            for (AdamW a : sharded) {
                a.flush();
            }
            for (AdamW.Tensor t : List.of(AdamW.Tensor.EXP_AVG, AdamW.Tensor.EXP_AVG_SQ)) {
                exchange(sharded, shards, t);
                for (int r = 0; r < replicas; r++) {
                    assertEquals(floats(whole, t), floats(sharded.get(r), t), t + " of replica " + r);
                }
            }
        }
    }

    /** Every replica's parts of {@code tensor} copied to the others, as the all-gather does. */
    private static void exchange(List<AdamW> replicas, List<UpdateShard> shards, AdamW.Tensor tensor) {
        for (int from = 0; from < replicas.size(); from++) {
            Map<String, FloatBuffer> source = views(replicas.get(from).bytes(tensor));
            for (String key : DENSE.keySet()) {
                int[] blocks = shards.get(from).blocks(key);
                int lo = Math.min(DENSE.get(key), blocks[0] * BlockParallel.BLOCK);
                int hi = Math.min(DENSE.get(key), blocks[1] * BlockParallel.BLOCK);
                float[] part = new float[hi - lo];
                source.get(key).get(lo, part);
                for (int to = 0; to < replicas.size(); to++) {
                    views(replicas.get(to).bytes(tensor)).get(key).put(lo, part);
                }
            }
        }
    }

    /** The summed gradients as a replica of {@code shard} holds them: NaN outside its part (null: whole). */
    private static Map<String, FloatBuffer> views(Map<String, float[]> grads, UpdateShard shard) {
        Map<String, FloatBuffer> out = new LinkedHashMap<>();
        grads.forEach((k, g) -> {
            float[] copy = g.clone();
            int[] blocks = shard == null ? null : shard.blocks(k);
            if (blocks != null) {
                for (int i = 0; i < copy.length; i++) {
                    int b = i / BlockParallel.BLOCK;
                    if (b < blocks[0] || b >= blocks[1]) {
                        copy[i] = Float.NaN;
                    }
                }
            }
            out.put(k, FloatBuffer.wrap(copy));
        });
        return out;
    }

    private static Map<String, FloatBuffer> views(Map<String, java.nio.ByteBuffer> bytes) {
        Map<String, FloatBuffer> out = new LinkedHashMap<>();
        bytes.forEach((k, b) -> out.put(k, b.asFloatBuffer()));
        return out;
    }

    private static Map<String, List<Float>> floats(AdamW a, AdamW.Tensor t) {
        Map<String, List<Float>> out = new LinkedHashMap<>();
        views(a.bytes(t)).forEach((k, b) -> {
            float[] f = new float[b.limit()];
            b.get(0, f);
            List<Float> list = new ArrayList<>();
            for (float x : f) {
                list.add(x);
            }
            out.put(k, list);
        });
        return out;
    }

    private static AdamW adamw(Map<String, NDArray> initial) {
        Map<String, Parameter> params = new LinkedHashMap<>();
        initial.forEach((k, a) -> {
            Parameter p = Parameter.builder().setName(k).setType(Parameter.Type.WEIGHT).build();
            p.setArray(a.duplicate());
            params.put(k, p);
        });
        AdamW a = AdamW.builder().setParameters(params).optWeightDecay(0.1).build();
        a.updateRowsLazily(EMBEDDINGS);
        return a;
    }

    private static float[] gaussians(Random random, int n) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) random.nextGaussian();
        }
        return g;
    }

    private static boolean isBlockStart(int index) {
        int first = 0;
        for (int n : DENSE.values()) {
            if (index >= first && index < first + n) {
                return (index - first) % BlockParallel.BLOCK == 0;
            }
            first += n;
        }
        return index == first;
    }

    private static Map<String, Integer> sizes(int... n) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (int i = 0; i < n.length; i++) {
            sizes.put("layer." + i + ".weight", n[i]);
        }
        return sizes;
    }

    /** The replicas' disjoint values joined, as the ring's gather does (each waits for all). */
    private static final class Gather implements UnaryOperator<long[]> {
        private final CyclicBarrier joinedByAll;
        private final CyclicBarrier readByAll;
        private long[] joined;

        Gather(int replicas) {
            joinedByAll = new CyclicBarrier(replicas);
            readByAll = new CyclicBarrier(replicas, () -> joined = null);
        }

        @Override
        public long[] apply(long[] values) {
            try {
                synchronized (this) {
                    if (joined == null || joined.length != values.length) {
                        joined = new long[values.length];
                    }
                    for (int i = 0; i < values.length; i++) {
                        if (values[i] != 0) {
                            assertEquals(0, joined[i], "slot " + i + " set twice");
                            joined[i] = values[i];
                        }
                    }
                }
                joinedByAll.await();
                long[] out;
                synchronized (this) {
                    out = joined.clone();
                }
                readByAll.await();
                return out;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
