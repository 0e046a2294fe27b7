package dev.sparkbert.core.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertForSequenceClassification;
import dev.sparkbert.core.optim.AdamW;
import dev.sparkbert.core.optim.GradientClipping;
import dev.sparkbert.core.optim.UpdateShard;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.weights.BertWeights;
import dev.sparkbert.core.weights.EmbeddedModels;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The optimizer's share of a training step: gradient norm plus AdamW update of MiniLM-L6 with a
 * classifier (22.7M parameters), on 1 and on N PyTorch intra-op threads, and on 1 thread with the
 * word embeddings updated lazily where a step of SST-2 has tokens (ROWS distinct rows per step,
 * drawn at random; the norm then reads only their blocks of the embedding gradient), and that
 * replica's part of an update sharded over two ({@link UpdateShard}; the other replica's block
 * sums taken as zero), interleaved. Prints the median seconds per step of each.
 *
 * <p>Run: {@code benchmarks/optimizer.sh [STEPS] [THREADS] [ROWS]}.
 */
public final class OptimizerBenchmark {

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        int rows = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        Path encoder = EmbeddedModels.defaultEncoder();
        Engines.noGradOnThisThread();
        try (NDManager manager = NDManager.newBaseManager(Engines.PYTORCH)) {
            BertConfig config = BertConfig.read(encoder).toBuilder().optNumLabels(2).build();
            BertForSequenceClassification model = new BertForSequenceClassification(config);
            BertWeights.load(model, encoder, manager, 42);
            Map<String, Parameter> params = model.namedParameters();
            Map<String, FloatBuffer> grads = new LinkedHashMap<>();
            long count = 0;
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                NDArray g = manager.randomNormal(e.getValue().getArray().getShape()).mul(1e-3f);
                grads.put(e.getKey(), g.toByteBuffer(true).order(java.nio.ByteOrder.nativeOrder()).asFloatBuffer());
                count += g.size();
            }
            AdamW adamw = AdamW.builder().setParameters(params).build();
            AdamW lazy = AdamW.builder().setParameters(params).build();
            String embeddings = "bert.embeddings.word_embeddings.weight";
            lazy.updateRowsLazily(embeddings);
            int vocab = Math.toIntExact(params.get(embeddings).getArray().getShape().get(0));
            java.util.Random random = new java.util.Random(42);
            AdamW sharded = AdamW.builder().setParameters(params).build();
            sharded.updateRowsLazily(embeddings);
            Map<String, Integer> sizes = new LinkedHashMap<>();
            grads.forEach((k, g) -> {
                if (!k.equals(embeddings)) {
                    sizes.put(k, g.limit());
                }
            });
            UpdateShard half = new UpdateShard(sizes, 2, 0, bits -> bits);
            int[] settings = {1, threads, 1, 1};
            String[] names = {"threads=1", "threads=" + threads, "threads=1 lazy word embeddings (" + rows + " rows)",
                "threads=1 lazy word embeddings, half of the rest (one of two shards)"};
            AdamW[] lazyOnes = {null, null, lazy, sharded};
            UpdateShard[] shards = {null, null, null, half};
            double[][] seconds = new double[settings.length][steps];
            for (int step = -2; step < steps; step++) {
                int[] touched = random.ints(0, vocab).distinct().limit(rows).sorted().toArray();
                for (int s = 0; s < settings.length; s++) {
                    Engines.intraOpThreadsOnThisThread(settings[s]);
                    long t0 = System.nanoTime();
                    // The lazy settings' norm reads only the word-embedding blocks of the step's rows.
                    AdamW a = lazyOnes[s];
                    double norm = a == null ? GradientClipping.globalNorm(grads.values())
                            : a.globalNorm(grads, touched, shards[s]);
                    if (a == null) {
                        adamw.step(1e-4, GradientClipping.clipCoefficient(norm, 1.0), grads);
                    } else {
                        a.catchUp(touched);
                        a.step(1e-4, GradientClipping.clipCoefficient(norm, 1.0), grads, touched, shards[s]);
                    }
                    if (step >= 0) {
                        seconds[s][step] = (System.nanoTime() - t0) / 1e9;
                    }
                }
            }
            long t0 = System.nanoTime();
            lazy.flush();
            System.out.printf("parameters=%d steps=%d%n", count, steps);
            for (int s = 0; s < settings.length; s++) {
                double[] sorted = seconds[s].clone();
                Arrays.sort(sorted);
                System.out.printf("%s median norm+AdamW seconds per step=%.4f%n", names[s], sorted[steps / 2]);
            }
            System.out.printf("threads=1 flush of the lazy rows after %d steps: %.3f s%n", steps + 2,
                    (System.nanoTime() - t0) / 1e9);
            adamw.close();
            lazy.close();
            sharded.close();
        }
    }
}
