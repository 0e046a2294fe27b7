package dev.sparkbert.core.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertForSequenceClassification;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.core.tokenize.Encoded;
import dev.sparkbert.core.tokenize.EncodedBatch;
import dev.sparkbert.core.util.ActivationBudget;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.util.ProcessMemory;
import dev.sparkbert.core.weights.BertWeights;
import dev.sparkbert.core.weights.EmbeddedModels;
import dev.sparkbert.core.weights.SafeTensors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Issue 2's forward benchmark: MiniLM-L6 sequence classification over SST-2 dev, batch 32,
 * length-sorted dynamic padding. Prints sentences/s, tokens/s and resident memory per pass, and
 * writes the checkpoint and its logits to {@code outDir} so {@code benchmarks/hf_forward.py} can
 * time HF on the same model and check the outputs agree.
 *
 * <p>Run: {@code mvn -q -pl spark-bert-core exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.sparkbert.core.bench.ForwardBenchmark -Dexec.args="SST2_DEV OUT_DIR PASSES"}
 * with {@code -Dai.djl.pytorch.num_threads=2} (see BENCHMARKS.md).
 */
public final class ForwardBenchmark {

    public static void main(String[] args) throws Exception {
        Path tsv = Path.of(args.length > 0 ? args[0] : "../shared/data/sst2/dev.tsv");
        Path out = Path.of(args.length > 1 ? args[1] : "target/bench/forward");
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int batchSize = 32;
        List<String> sentences = Files.readAllLines(tsv).stream().skip(1).map(l -> l.split("\t")[0])
                .collect(Collectors.toList());
        Path encoder = EmbeddedModels.defaultEncoder();
        Engines.noGradOnThisThread();
        try (NDManager manager = NDManager.newBaseManager(Engines.PYTORCH);
                BertTokenizer tok = BertTokenizer.builder(encoder).optMaxLength(128).build()) {
            BertConfig config = BertConfig.read(encoder).toBuilder().optNumLabels(2).build();
            BertForSequenceClassification model = new BertForSequenceClassification(config);
            BertWeights.load(model, encoder, manager, 42);
            BertWeights.save(model, out.resolve("checkpoint"));
            Files.copy(encoder.resolve("tokenizer.json"), out.resolve("checkpoint/tokenizer.json"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            long padId = tok.tokenToId("[PAD]");
            float[] logits = new float[sentences.size() * 2];
            long tokens = 0;
            System.out.printf("threads=%s sentences=%d batch=%d%n", System.getProperty("ai.djl.pytorch.num_threads"),
                    sentences.size(), batchSize);
            double[] rates = new double[passes];
            for (int pass = -2; pass < passes; pass++) {
                long t0 = System.nanoTime();
                // Tokenization is inside the timed loop, as in a real job.
                List<Encoded> enc = tok.encodeBatch(sentences);
                tokens = enc.stream().mapToLong(Encoded::tokenCount).sum();
                for (int[] idx : EncodedBatch.lengthBuckets(enc, batchSize,
                        len -> ActivationBudget.maxSequences(model, len))) {
                    try (NDManager batch = manager.newSubManager()) {
                        BertInputs in = EncodedBatch.toInputs(enc, idx, padId, batch).build();
                        NDArray l = model.forward(new ParameterStore(batch, false), in, false).logits();
                        float[] v = l.toFloatArray();
                        for (int r = 0; r < idx.length; r++) {
                            logits[idx[r] * 2] = v[r * 2];
                            logits[idx[r] * 2 + 1] = v[r * 2 + 1];
                        }
                    }
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                System.out.printf("pass=%d seconds=%.3f sentences/s=%.1f tokens/s=%.0f rss_mb=%d%n", pass, secs,
                        sentences.size() / secs, tokens / secs, rssMb());
                if (pass >= 0) {
                    rates[pass] = sentences.size() / secs;
                }
            }
            java.util.Arrays.sort(rates);
            System.out.printf("median sentences/s=%.1f%n", (rates[(passes - 1) / 2] + rates[passes / 2]) / 2);
            Map<String, NDArray> dump = new LinkedHashMap<>();
            dump.put("logits", manager.create(logits, new ai.djl.ndarray.types.Shape(sentences.size(), 2)));
            SafeTensors.write(out.resolve("logits.safetensors"), dump, Map.of());
        }
    }

    static long rssMb() {
        long kib = ProcessMemory.kib("VmRSS");
        return kib < 0 ? -1 : kib / 1024;
    }
}
