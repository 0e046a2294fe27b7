package dev.sparkbert.core.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertForSequenceClassification;
import dev.sparkbert.core.optim.AdamW;
import dev.sparkbert.core.optim.GradientClipping;
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
 * classifier (22.7M parameters), on 1 and on N PyTorch intra-op threads, interleaved. Prints the
 * median seconds per step of each.
 *
 * <p>Run: {@code benchmarks/optimizer.sh [STEPS] [THREADS]}.
 */
public final class OptimizerBenchmark {

    public static void main(String[] args) throws Exception {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
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
            int[] settings = {1, threads};
            double[][] seconds = new double[2][steps];
            for (int step = -2; step < steps; step++) {
                for (int s = 0; s < 2; s++) {
                    Engines.intraOpThreadsOnThisThread(settings[s]);
                    long t0 = System.nanoTime();
                    double norm = GradientClipping.globalNorm(grads.values());
                    adamw.step(1e-4, GradientClipping.clipCoefficient(norm, 1.0), grads);
                    if (step >= 0) {
                        seconds[s][step] = (System.nanoTime() - t0) / 1e9;
                    }
                }
            }
            System.out.printf("parameters=%d steps=%d%n", count, steps);
            for (int s = 0; s < 2; s++) {
                double[] sorted = seconds[s].clone();
                Arrays.sort(sorted);
                System.out.printf("threads=%d median norm+AdamW seconds per step=%.4f%n", settings[s],
                        sorted[steps / 2]);
            }
            adamw.close();
        }
    }
}
