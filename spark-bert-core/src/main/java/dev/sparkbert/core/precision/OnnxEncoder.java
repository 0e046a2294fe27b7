package dev.sparkbert.core.precision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.nn.BertModel;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;

/**
 * A {@link BertModel}'s embeddings and encoder (no pooler) as an ONNX graph run by ONNX Runtime,
 * with every linear layer of the encoder dynamically quantized to int8 ({@link Precision#INT8}):
 * weights per output column once (symmetric, 127 levels, or 63 on CPUs without int8 dot products),
 * activations per call to unsigned 8 bits, in ONNX Runtime's {@code DynamicQuantizeMatMul}, which
 * uses AMX-INT8 or AVX512-VNNI where the CPU has them. Embeddings, attention's products, softmax,
 * layer norms and activations stay float32. The graph is the one ONNX Runtime itself makes of HF's
 * export after {@code quantize_dynamic} and its fusions, written here from the model's weights.
 *
 * <p>Sessions run concurrent calls, so tasks of one JVM share this encoder. It holds copies of the
 * weights; close it to free them.
 */
public final class OnnxEncoder implements InferenceEncoder {

    private static final String[] INPUTS = {"input_ids", "token_type_ids", "attention_mask"};
    private static final String OUTPUT = "last_hidden_state";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final int hidden;

    private OnnxEncoder(OrtEnvironment env, OrtSession session, int hidden) {
        this.env = env;
        this.session = session;
        this.hidden = hidden;
    }

    /**
     * Writes {@code bert}'s current weights as a quantized graph and opens an ONNX Runtime session on
     * it, with as many intra-op threads as PyTorch uses on the calling thread (one per Spark task
     * core: concurrent tasks then run side by side on their own threads).
     *
     * @param architecture the head being run, for error messages
     * @throws IllegalArgumentException when {@link CompiledEncoder#unsupported} names something
     */
    public static OnnxEncoder compile(BertModel bert, String architecture) {
        BertConfig config = bert.getConfig();
        InferenceEncoder.refuseUnsupported(config, Precision.INT8, architecture);
        byte[] graph = graph(bert, Cpu.hasInt8DotProducts() ? 127 : 63);
        OnnxRuntimeLibraries.prepare();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(Math.max(1, JniUtils.getNumThreads()));
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return new OnnxEncoder(env, env.createSession(graph, options), config.getHiddenSize());
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime refused the int8 graph of " + architecture + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public Precision precision() {
        return Precision.INT8;
    }

    @Override
    public NDArray forward(NDArray inputIds, NDArray tokenTypeIds, NDArray attentionMask) {
        NDList in = CompiledEncoder.inputs(inputIds, tokenTypeIds, attentionMask);
        long[] shape = inputIds.getShape().getShape();
        OnnxTensor[] tensors = new OnnxTensor[INPUTS.length];
        try {
            for (int i = 0; i < tensors.length; i++) {
                tensors[i] = OnnxTensor.createTensor(env,
                        LongBuffer.wrap(in.get(i).toType(DataType.INT64, false).toLongArray()), shape);
            }
            try (OrtSession.Result out = session.run(Map.of(INPUTS[0], tensors[0], INPUTS[1], tensors[1],
                    INPUTS[2], tensors[2]))) {
                FloatBuffer last = ((OnnxTensor) out.get(0)).getFloatBuffer();
                return inputIds.getManager().create(last, new Shape(shape[0], shape[1], hidden));
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of shape " + inputIds.getShape()
                    + ": " + e.getMessage(), e);
        } finally {
            for (OnnxTensor t : tensors) {
                if (t != null) {
                    t.close();
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The ONNX model of {@code bert}'s embeddings and encoder: inputs {@code input_ids},
     * {@code token_type_ids}, {@code attention_mask} (batch, seq) int64; output
     * {@code last_hidden_state} (batch, seq, hidden) float32.
     *
     * @param levels the largest quantized weight magnitude (127, or 63 where u8 x s8 products
     *     accumulate in int16 and could saturate)
     */
    static byte[] graph(BertModel bert, int levels) {
        BertConfig c = bert.getConfig();
        Map<String, Parameter> p = bert.namedParameters();
        int h = c.getHiddenSize();
        OnnxModelWriter g = new OnnxModelWriter();
        for (String name : INPUTS) {
            g.int64Input(name, "batch", "seq");
        }
        g.floatOutput(OUTPUT, "batch", "seq", Integer.toString(h));

        // Embeddings: word + token type + position (rows 0..seq-1), then LayerNorm.
        String zero = g.int64s("zero", new long[] {0}, 1);
        String one = g.int64s("one", new long[] {1}, 1);
        String seq = g.node("", "Gather", List.of(g.node("", "Shape", List.of(INPUTS[0]), List.of("shape")), one),
                List.of("seq_len"), OnnxModelWriter.Attr.of("axis", 0L));
        String positions = g.node("", "Slice", List.of(weight(g, p, "embeddings.position_embeddings.weight"), zero,
                seq, zero), List.of("positions"));
        String words = g.node("", "Gather", List.of(weight(g, p, "embeddings.word_embeddings.weight"), INPUTS[0]),
                List.of("words"));
        String types = g.node("", "Gather", List.of(weight(g, p, "embeddings.token_type_embeddings.weight"),
                INPUTS[1]), List.of("types"));
        String sum = g.node("", "Add", List.of(g.node("", "Add", List.of(words, types), List.of("words_types")),
                positions), List.of("embedded"));
        String x = layerNorm(g, p, c, sum, "embeddings.LayerNorm", "embeddings_out");

        // Additive mask (batch, 1, 1, seq): 0 for tokens, float32's lowest for padding, as HF.
        String mask = g.node("", "Cast", List.of(g.node("", "Unsqueeze", List.of(INPUTS[2],
                g.int64s("axes_1_2", new long[] {1, 2}, 2)), List.of("mask_4d"))), List.of("mask_float"),
                OnnxModelWriter.Attr.of("to", (long) OnnxModelWriter.FLOAT));
        String additive = g.node("", "Mul", List.of(g.node("", "Sub", List.of(g.floats("one_f", new float[] {1f}),
                mask), List.of("mask_inverted")), g.floats("lowest", new float[] {-Float.MAX_VALUE})),
                List.of("additive_mask"));

        String toHeads = g.int64s("heads_shape", new long[] {0, 0, c.getNumAttentionHeads(),
                c.getAttentionHeadSize()}, 4);
        String toHidden = g.int64s("hidden_shape", new long[] {0, 0, h}, 3);
        float scale = (float) (1.0 / Math.sqrt(c.getAttentionHeadSize()));
        for (int n = 0; n < c.getNumHiddenLayers(); n++) {
            String l = "encoder.layer." + n + ".";
            String q = heads(g, linear(g, p, levels, x, l + "attention.self.query"), toHeads, 0, 2, 1, 3);
            String kT = heads(g, linear(g, p, levels, x, l + "attention.self.key"), toHeads, 0, 2, 3, 1);
            String v = heads(g, linear(g, p, levels, x, l + "attention.self.value"), toHeads, 0, 2, 1, 3);
            String scores = g.node("com.microsoft", "FusedMatMul", List.of(q, kT), List.of(l + "scores"),
                    OnnxModelWriter.Attr.of("alpha", scale));
            String probs = g.node("", "Softmax", List.of(g.node("", "Add", List.of(scores, additive),
                    List.of(l + "masked_scores"))), List.of(l + "probs"), OnnxModelWriter.Attr.of("axis", -1L));
            String context = g.node("", "Reshape", List.of(g.node("", "Transpose", List.of(g.node("", "MatMul",
                    List.of(probs, v), List.of(l + "context_heads"))), List.of(l + "context_t"),
                    OnnxModelWriter.Attr.of("perm", 0L, 2L, 1L, 3L)), toHidden), List.of(l + "context"));
            String attended = g.node("", "Add", List.of(linear(g, p, levels, context, l + "attention.output.dense"), x),
                    List.of(l + "attention_residual"));
            x = layerNorm(g, p, c, attended, l + "attention.output.LayerNorm", l + "attention_out");
            String inner = activation(g, c, linear(g, p, levels, x, l + "intermediate.dense"), l + "intermediate");
            String out = g.node("", "Add", List.of(linear(g, p, levels, inner, l + "output.dense"), x),
                    List.of(l + "output_residual"));
            x = layerNorm(g, p, c, out, l + "output.LayerNorm",
                    n == c.getNumHiddenLayers() - 1 ? OUTPUT : l + "layer_out");
        }
        return g.toByteArray("bert_encoder_int8", 17, "com.microsoft");
    }

    /** An initializer holding the model's parameter {@code name} as it is. */
    private static String weight(OnnxModelWriter g, Map<String, Parameter> p, String name) {
        NDArray a = parameter(p, name);
        return g.floats(name, a.toFloatArray(), a.getShape().getShape());
    }

    private static NDArray parameter(Map<String, Parameter> p, String name) {
        Parameter param = p.get(name);
        if (param == null || param.getArray() == null) {
            throw new IllegalArgumentException("the model has no initialized parameter " + name);
        }
        return param.getArray();
    }

    private static String layerNorm(OnnxModelWriter g, Map<String, Parameter> p, BertConfig c, String x,
            String prefix, String out) {
        return g.node("", "LayerNormalization", List.of(x, weight(g, p, prefix + ".weight"),
                weight(g, p, prefix + ".bias")), List.of(out), OnnxModelWriter.Attr.of("axis", -1L),
                OnnxModelWriter.Attr.of("epsilon", (float) c.getLayerNormEps()));
    }

    /** (batch, seq, hidden) to (batch, heads, ., .) in the order {@code perm}. */
    private static String heads(OnnxModelWriter g, String x, String toHeads, long... perm) {
        return g.node("", "Transpose", List.of(g.node("", "Reshape", List.of(x, toHeads), List.of(x + "_heads"))),
                List.of(x + "_t"), OnnxModelWriter.Attr.of("perm", perm));
    }

    /**
     * {@code x W^T + b} for the DJL linear layer {@code prefix} (weight (out, in)), with W stored
     * transposed as int8 and one scale per output column.
     */
    private static String linear(OnnxModelWriter g, Map<String, Parameter> p, int levels, String x, String prefix) {
        NDArray weight = parameter(p, prefix + ".weight");
        int out = (int) weight.getShape().get(0);
        int in = (int) weight.getShape().get(1);
        float[] w = weight.toFloatArray();
        float[] scales = new float[out];
        byte[] q = new byte[in * out];
        for (int o = 0; o < out; o++) {
            float max = 0f;
            for (int i = 0; i < in; i++) {
                max = Math.max(max, Math.abs(w[o * in + i]));
            }
            float s = max == 0f ? 1f : max / levels;
            scales[o] = s;
            for (int i = 0; i < in; i++) {
                q[i * out + o] = (byte) Math.max(-levels, Math.min(levels, Math.round(w[o * in + i] / s)));
            }
        }
        return g.node("com.microsoft", "DynamicQuantizeMatMul", List.of(x, g.int8s(prefix + ".weight_int8", q, in, out),
                g.floats(prefix + ".weight_scale", scales, out), g.int8s(prefix + ".weight_zero", new byte[out], out),
                weight(g, p, prefix + ".bias")), List.of(prefix + "_out"));
    }

    private static String activation(OnnxModelWriter g, BertConfig c, String x, String prefix) {
        String act = CompiledEncoder.activation(c.getHiddenAct());
        return switch (act) {
            case "gelu" -> g.node("com.microsoft", "Gelu", List.of(x), List.of(prefix + "_act"));
            case "gelu_tanh" -> g.node("com.microsoft", "FastGelu", List.of(x), List.of(prefix + "_act"));
            case "relu" -> g.node("", "Relu", List.of(x), List.of(prefix + "_act"));
            default -> g.node("", "Mul", List.of(x, g.node("", "Sigmoid", List.of(x), List.of(prefix + "_sigmoid"))),
                    List.of(prefix + "_act"));
        };
    }
}
