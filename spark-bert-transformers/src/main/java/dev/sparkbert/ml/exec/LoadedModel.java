package dev.sparkbert.ml.exec;

import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertHeads;
import dev.sparkbert.core.nn.BertModel;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.precision.CompiledEncoder;
import dev.sparkbert.core.precision.InferenceEncoder;
import dev.sparkbert.core.precision.Precision;
import dev.sparkbert.core.tokenize.BertTokenizer;
import dev.sparkbert.core.tokenize.Truncation;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.weights.BertWeights;
import dev.sparkbert.core.weights.LoadReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A network with its weights and tokenizers, loaded once per executor JVM and shared by the tasks
 * that run concurrently on it. Forward passes only read the weights, so sharing is safe; each
 * caller scopes its batch arrays in its own sub-manager of {@link #manager()}.
 */
public final class LoadedModel implements AutoCloseable {

    private final Path dir;
    private final NDManager manager;
    private final BertNetwork network;
    private final Map<String, BertTokenizer> tokenizers = new ConcurrentHashMap<>();
    private final LoadReport report;
    private final InferenceEncoder compiled;

    /** @param precision the encoder's number format ({@link InferenceEncoder}) */
    LoadedModel(Path dir, String architecture, Precision precision) throws IOException {
        this.dir = dir;
        this.manager = NDManager.newBaseManager(Engines.PYTORCH);
        try {
            this.network = BertHeads.create(architecture, BertConfig.read(dir));
            this.report = BertWeights.load(network, dir, manager, 0L);
            BertModel encoder = BertHeads.encoderOf(network);
            // Float32 runs what the module does not do on DJL's blocks; other modes refuse it.
            this.compiled = precision == Precision.FP32 && CompiledEncoder.unsupported(encoder.getConfig()) != null
                    ? null : InferenceEncoder.compile(encoder, precision, architecture);
            encoder.useCompiledEncoder(compiled);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public BertNetwork network() {
        return network;
    }

    public BertConfig config() {
        return network.getConfig();
    }

    /** What loading reported: weights the checkpoint lacked were newly initialised. */
    public LoadReport loadReport() {
        return report;
    }

    public NDManager manager() {
        return manager;
    }

    /** A tokenizer with these options, built once and shared; {@code stride} >= 0 returns overflow windows. */
    public BertTokenizer tokenizer(int maxLength, Truncation truncation, int stride) {
        String key = maxLength + "|" + truncation + "|" + stride;
        return tokenizers.computeIfAbsent(key, k -> {
            try {
                BertTokenizer.Builder b = BertTokenizer.builder(dir).optMaxLength(maxLength).optTruncation(truncation);
                if (stride >= 0) {
                    b.optStride(stride);
                }
                return b.build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public void close() {
        tokenizers.values().forEach(BertTokenizer::close);
        if (compiled != null) {
            compiled.close();
        }
        manager.close();
    }
}
