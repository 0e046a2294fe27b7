package dev.sparkbert.core.bench;

import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertForSequenceClassification;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.optim.AdamW;
import dev.sparkbert.core.optim.LocalTrainer;
import dev.sparkbert.core.precision.Precision;
import dev.sparkbert.core.precision.TrainingEncoder;
import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.core.tokenize.Encoded;
import dev.sparkbert.core.tokenize.EncodedBatch;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.weights.BertWeights;
import dev.sparkbert.core.weights.EmbeddedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Forward + backward of MiniLM-L6 with a classifier on SST-2 batches (32 sentences unless given, at
 * most 64 tokens, dropout on), through DJL's blocks (fp32) and through {@link TrainingEncoder} in fp32 and
 * bf16, interleaved batch by batch; prints the median seconds per batch of each and the loss of the
 * first batch. No optimizer step: every variant sees the same weights.
 *
 * <p>Run: {@code benchmarks/training_precision.sh [BATCHES] [ROWS]}.
 */
public final class TrainingPrecisionBenchmark {

    public static void main(String[] args) throws Exception {
        Path sst2 = Path.of(args[0]);
        int batches = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        Path encoder = EmbeddedModels.defaultEncoder();
        List<String> lines = Files.readAllLines(sst2);
        List<String> sentences = lines.subList(1, 1 + size * batches).stream().map(l -> l.split("\t")[0]).toList();
        long[] labels = lines.subList(1, 1 + size * batches).stream().mapToLong(l -> Long.parseLong(l.split("\t")[1]))
                .toArray();
        String[] variants = {"blocks fp32", "module fp32", "module bf16"};
        double[][] seconds = new double[variants.length][batches];
        try (NDManager manager = NDManager.newBaseManager(Engines.PYTORCH);
                BertTokenizer tok = BertTokenizer.builder(encoder).optMaxLength(64).build()) {
            List<Encoded> rows = tok.encodeBatch(sentences);
            long padId = tok.tokenToId("[PAD]");
            BertConfig config = BertConfig.read(encoder).toBuilder().optNumLabels(2).build();
            BertForSequenceClassification net = new BertForSequenceClassification(config);
            BertWeights.load(net, encoder, manager, 42);
            AdamW adamw = AdamW.builder().setParameters(net.namedParameters()).build();
            List<TrainingEncoder> encoders = new ArrayList<>();
            encoders.add(null);
            encoders.add(TrainingEncoder.compile(net.getBert(), Precision.FP32, net.getArchitecture()));
            encoders.add(TrainingEncoder.compile(net.getBert(), Precision.BF16, net.getArchitecture()));
            try (LocalTrainer trainer = new LocalTrainer(net, adamw, 1.0)) {
                for (int b = -2; b < batches; b++) {
                    int first = Math.max(b, 0) * size;
                    int[] idx = IntStream.range(first, first + size).toArray();
                    for (int v = 0; v < variants.length; v++) {
                        net.getBert().useTrainingEncoder(encoders.get(v));
                        long t0 = System.nanoTime();
                        float loss = trainer.accumulate(m -> EncodedBatch.toInputs(rows, idx, padId, m)
                                .optLabels(m.create(Arrays.copyOfRange(labels, first, first + size))).build(), 1f);
                        if (b >= 0) {
                            seconds[v][b] = (System.nanoTime() - t0) / 1e9;
                        }
                        if (b == 0) {
                            System.out.printf("%s first batch loss=%.5f%n", variants[v], loss);
                        }
                        adamw.zeroGradients();
                    }
                }
            }
            for (TrainingEncoder e : encoders) {
                if (e != null) {
                    e.close();
                }
            }
        }
        for (int v = 0; v < variants.length; v++) {
            double[] sorted = seconds[v].clone();
            Arrays.sort(sorted);
            System.out.printf("%s median forward+backward seconds per batch of %d=%.4f%n", variants[v], size,
                    sorted[batches / 2]);
        }
    }
}
