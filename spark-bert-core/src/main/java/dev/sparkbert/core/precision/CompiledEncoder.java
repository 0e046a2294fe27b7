package dev.sparkbert.core.precision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.nn.Activations;
import dev.sparkbert.core.nn.BertModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * A {@link BertModel}'s embeddings and encoder (no pooler) in fp32 or bf16, run as one TorchScript
 * module ({@code bert_encoder.pt}, written by {@code src/main/torchscript/bert_encoder.py}). DJL's
 * PyTorch JNI has no bfloat16 tensors, so only int64 ids and float32 weights and hidden states
 * cross it; the module keeps its own bfloat16 copies of the weights (float32
 * runs on the model's own tensors but for one copy of each layer's query, key and value weights
 * side by side, their one matrix product; one native call per pass instead of one per operation).
 *
 * <p>Forward passes only read the module, so tasks of one JVM may share it. Close it to free the copies.
 */
public final class CompiledEncoder implements InferenceEncoder {

    static final String RESOURCE = "dev/sparkbert/core/precision/bert_encoder.pt";

    /** The module's weight order (the module's docstring): embeddings, then 16 tensors per layer. */
    private static final List<String> EMBEDDINGS = List.of("embeddings.word_embeddings.weight",
            "embeddings.position_embeddings.weight", "embeddings.token_type_embeddings.weight",
            "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias");
    private static final List<String> LAYER = List.of("attention.self.query.weight", "attention.self.query.bias",
            "attention.self.key.weight", "attention.self.key.bias", "attention.self.value.weight",
            "attention.self.value.bias", "attention.output.dense.weight", "attention.output.dense.bias",
            "attention.output.LayerNorm.weight", "attention.output.LayerNorm.bias", "intermediate.dense.weight",
            "intermediate.dense.bias", "output.dense.weight", "output.dense.bias", "output.LayerNorm.weight",
            "output.LayerNorm.bias");

    /** The activations bert_encoder.py implements. */
    private static final Set<String> MODULE_ACTIVATIONS = Set.of("gelu", "gelu_tanh", "relu", "silu");

    private final Precision precision;
    private final PtNDManager manager;
    private final PtSymbolBlock module;

    private CompiledEncoder(Precision precision, PtNDManager manager, PtSymbolBlock module) {
        this.precision = precision;
        this.manager = manager;
        this.module = module;
    }

    /**
     * What in {@code config} the module does not do (a causal decoder, another position embedding,
     * an activation it lacks), or null when it runs the checkpoint.
     */
    public static String unsupported(BertConfig config) {
        return config.isDecoder() ? "is_decoder (causal attention)"
                : !"absolute".equals(config.getPositionEmbeddingType())
                        ? "position_embedding_type '" + config.getPositionEmbeddingType() + "'"
                        : activation(config.getHiddenAct()) == null ? "hidden_act '" + config.getHiddenAct() + "'"
                        : null;
    }

    /**
     * Compiles {@code bert}'s current weights for {@code precision}. Float32 reads {@code bert}'s
     * tensors in place (keep {@code bert} open while this is) but for the fused query, key and value
     * weights; the other modes copy them.
     *
     * @param architecture the head being run, for error messages
     * @throws IllegalArgumentException when {@link #unsupported} names something, naming it and both
     */
    public static CompiledEncoder compile(BertModel bert, Precision precision, String architecture) {
        return compile(bert, precision, architecture, packs(precision));
    }

    /** {@link #compile}, with oneDNN's packed linear layers or without ({@link #packs}). */
    static CompiledEncoder compile(BertModel bert, Precision precision, String architecture, boolean pack) {
        BertConfig config = bert.getConfig();
        if (precision == Precision.INT8) {
            throw new IllegalArgumentException("precision int8 runs in ONNX Runtime: use InferenceEncoder.compile");
        }
        InferenceEncoder.refuseUnsupported(config, precision, architecture);
        String act = activation(config.getHiddenAct());
        return withModule(RESOURCE, (manager, module) -> {
            List<PtNDArray> weights = new ArrayList<>();
            Map<String, ai.djl.nn.Parameter> params = bert.namedParameters();
            for (String name : names(config.getNumHiddenLayers())) {
                weights.add((PtNDArray) params.get(name).getArray());
            }
            try (IValue list = IValue.listFrom(weights.toArray(new PtNDArray[0]));
                    IValue heads = IValue.from((long) config.getNumAttentionHeads());
                    IValue eps = IValue.from(config.getLayerNormEps());
                    IValue actName = IValue.from(act);
                    IValue mode = IValue.from(precision.id());
                    IValue packed = IValue.from(pack);
                    IValue loaded = IValueUtils.runMethod(module, "load", list, heads, eps, actName, mode, packed)) {
                if (loaded.toLong() != weights.size()) {
                    throw new IllegalStateException("the compiled encoder took " + loaded.toLong() + " of "
                            + weights.size() + " weights");
                }
            }
            return new CompiledEncoder(precision, manager, module);
        });
    }

    /**
     * Loads the TorchScript module {@code resource} (a classpath path) into a new manager and hands
     * both to {@code build}; the manager is closed when loading or building fails.
     */
    static <T> T withModule(String resource, BiFunction<PtNDManager, PtSymbolBlock, T> build) {
        PtNDManager manager = (PtNDManager) NDManager.newBaseManager("PyTorch");
        try (InputStream in = CompiledEncoder.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource " + resource + " is missing from the classpath");
            }
            return build.apply(manager, JniUtils.loadModule(manager, in, true, false));
        } catch (IOException e) {
            manager.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The weight names, relative to {@code BertModel}, in the module's order. */
    static List<String> names(int layers) {
        List<String> names = new ArrayList<>(EMBEDDINGS);
        for (int n = 0; n < layers; n++) {
            for (String p : LAYER) {
                names.add("encoder.layer." + n + "." + p);
            }
        }
        return names;
    }

    /**
     * Whether the module runs {@code precision}'s linear layers through oneDNN on weights packed
     * once, with the activation in the same pass: bf16 where oneDNN has bfloat16 kernels (float32
     * gains nothing measurable over MKL's sgemm; BENCHMARKS.md).
     */
    static boolean packs(Precision precision) {
        return precision == Precision.BF16 && Cpu.hasOneDnnBf16();
    }

    /** The module's name for an HF {@code hidden_act} ({@link Activations#canonical}), or null where it has none. */
    static String activation(String hiddenAct) {
        String name = Activations.canonical(hiddenAct);
        return MODULE_ACTIVATIONS.contains(name) ? name : null;
    }

    @Override
    public Precision precision() {
        return precision;
    }

    @Override
    public NDArray forward(NDArray inputIds, NDArray tokenTypeIds, NDArray attentionMask) {
        NDList in = inputs(inputIds, tokenTypeIds, attentionMask);
        try (IValue ids = IValue.from((PtNDArray) in.get(0));
                IValue t = IValue.from((PtNDArray) in.get(1));
                IValue a = IValue.from((PtNDArray) in.get(2));
                IValue out = IValueUtils.forward(module, new IValue[] {ids, t, a})) {
            return out.toTensor((PtNDManager) inputIds.getManager());
        }
    }

    /** The three inputs of both modules, missing token types as zeros and a missing mask as ones. */
    static NDList inputs(NDArray inputIds, NDArray tokenTypeIds, NDArray attentionMask) {
        NDManager m = inputIds.getManager();
        return new NDList(inputIds,
                tokenTypeIds != null ? tokenTypeIds : m.zeros(inputIds.getShape(), inputIds.getDataType()),
                attentionMask != null ? attentionMask : m.ones(inputIds.getShape(), inputIds.getDataType()));
    }

    @Override
    public void close() {
        module.close();
        manager.close();
    }
}
