package dev.sparkbert.core.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertHeads;
import dev.sparkbert.core.nn.BertModel;
import dev.sparkbert.core.precision.InferenceEncoder;
import dev.sparkbert.core.precision.Precision;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.weights.BertWeights;
import dev.sparkbert.core.weights.EmbeddedModels;

/**
 * The compiled inference encoders alone (no tokenization, no Spark), as Spark tasks use them: one
 * shared encoder, one or two threads calling it at once with one PyTorch/ONNX Runtime thread each.
 * MiniLM-L6, batches of 32 random token ids of lengths 6 to 60 (mean 33), 60 batches per thread.
 * Prints rows/s per mode and thread count; modes are run in the order given, so repeat them to
 * interleave (this VM's speed drifts).
 *
 * <p>Run: {@code benchmarks/encoders.sh int8 bf16 int8 bf16}.
 */
public final class EncoderStreamsBenchmark {

    private static final int BATCHES = 60;

    public static void main(String[] args) throws Exception {
        Engines.noGradOnThisThread();
        Engines.intraOpThreadsOnThisThread(1);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            BertModel bert = (BertModel) BertHeads.create("BertModel", BertConfig.read(EmbeddedModels.defaultEncoder()));
            BertWeights.load(bert, EmbeddedModels.defaultEncoder(), m, 0);
            for (String mode : args) {
                try (InferenceEncoder encoder = InferenceEncoder.compile(bert, Precision.of(mode), "BertModel")) {
                    run(encoder, 1); // warm-up
                    for (int threads = 1; threads <= 2; threads++) {
                        System.out.printf("%s threads=%d rows/s=%.1f%n", mode, threads, run(encoder, threads));
                    }
                }
            }
        }
    }

    /** Rows per second of {@code threads} threads each running {@link #BATCHES} batches at once. */
    private static double run(InferenceEncoder encoder, int threads) throws InterruptedException {
        Runnable work = () -> {
            Engines.noGradOnThisThread();
            Engines.intraOpThreadsOnThisThread(1);
            try (NDManager m = NDManager.newBaseManager("PyTorch")) {
                for (int b = 0; b < BATCHES; b++) {
                    try (NDManager batch = m.newSubManager()) {
                        Shape shape = new Shape(32, 6 + (b % 28) * 2);
                        NDArray ids = batch.randomInteger(1000, 20000, shape, DataType.INT64);
                        encoder.forward(ids, null, batch.ones(shape, DataType.INT64)).toFloatArray();
                    }
                }
            }
        };
        long t0 = System.nanoTime();
        Thread[] running = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            running[i] = new Thread(work);
            running[i].start();
        }
        for (Thread t : running) {
            t.join();
        }
        return threads * BATCHES * 32 / ((System.nanoTime() - t0) / 1e9);
    }
}
