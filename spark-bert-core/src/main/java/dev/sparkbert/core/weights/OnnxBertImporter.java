package dev.sparkbert.core.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.util.Engines;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an ONNX export of an HF {@code BertModel} (as {@code torch.onnx} / Optimum write it) into
 * an HF checkpoint folder that every part of spark-bert loads.
 *
 * <p>Biases, LayerNorm and embedding tables keep their HF names as initializers. Linear weights are
 * anonymous initializers ({@code onnx::MatMul_N}) stored transposed as (in, out); the MatMul node
 * consuming one is named after its module ({@code /encoder/layer.0/attention/self/query/MatMul}),
 * which gives the HF key, and the weight is transposed back to (out, in). The config is read off
 * the graph: sizes from the weights, the head count from the attention Reshape's constant, the
 * LayerNorm epsilon from its Add constant, the activation from the ops of the intermediate block.
 */
public final class OnnxBertImporter {

    private static final Pattern MATMUL = Pattern.compile("^/(.+)/MatMul$");
    private static final Pattern LAYER = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.");

    private OnnxBertImporter() {}

    /**
     * Writes {@code config.json}, {@code model.safetensors} and (if given) {@code tokenizer.json}
     * into {@code outDir}.
     *
     * @param tokenizerJson the model's tokenizer.json, or null
     * @return the config read off the graph
     */
    public static BertConfig importModel(Path onnxFile, Path tokenizerJson, Path outDir) throws IOException {
        OnnxGraph graph;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(onnxFile), 1 << 20)) {
            graph = OnnxGraph.read(in);
        } catch (InvalidProtocolBufferException e) {
            throw new CorruptCheckpointException(onnxFile + ": not a readable ONNX model: " + e.getMessage());
        }
        Map<String, OnnxGraph.Tensor> weights = hfWeights(graph);
        BertConfig config = configOf(graph, weights, onnxFile);
        Engines.pytorch();
        try (NDManager manager = NDManager.newBaseManager(Engines.PYTORCH)) {
            Map<String, NDArray> arrays = new LinkedHashMap<>();
            weights.forEach((k, t) -> arrays.put(k, manager.create(t.floats(), new Shape(t.dims()))));
            Files.createDirectories(outDir);
            SafeTensors.write(outDir.resolve("model.safetensors"), arrays, Map.of("format", "pt"));
        }
        config.write(outDir);
        if (tokenizerJson != null) {
            Files.copy(tokenizerJson, outDir.resolve("tokenizer.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return config;
    }

    private static Map<String, OnnxGraph.Tensor> hfWeights(OnnxGraph g) {
        Map<String, OnnxGraph.Tensor> out = new LinkedHashMap<>();
        g.initializers.forEach((name, t) -> {
            if (t.floats() != null && isHfName(name)) {
                out.put(name, t);
            }
        });
        for (OnnxGraph.Node n : g.nodes) {
            Matcher m = MATMUL.matcher(n.name());
            if (!n.opType().equals("MatMul") || !m.matches() || n.inputs().size() != 2) {
                continue;
            }
            OnnxGraph.Tensor w = g.initializers.get(n.inputs().get(1));
            if (w == null || w.floats() == null || w.dims().length != 2) {
                continue;
            }
            String key = m.group(1).replace('/', '.') + ".weight";
            out.put(key, transpose(key, w));
        }
        if (!out.containsKey("embeddings.word_embeddings.weight")) {
            throw new IllegalArgumentException("the ONNX graph has no initializer 'embeddings.word_embeddings.weight';"
                    + " it is not an HF BERT export");
        }
        return out;
    }

    private static boolean isHfName(String name) {
        return (name.startsWith("embeddings.") || name.startsWith("encoder.") || name.startsWith("pooler."))
                && !name.endsWith("position_ids") && !name.endsWith("token_type_ids");
    }

    private static OnnxGraph.Tensor transpose(String key, OnnxGraph.Tensor t) {
        int rows = (int) t.dims()[0];
        int cols = (int) t.dims()[1];
        float[] src = t.floats();
        float[] dst = new float[src.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                dst[c * rows + r] = src[r * cols + c];
            }
        }
        return new OnnxGraph.Tensor(key, new long[] {cols, rows}, t.dataType(), dst, null);
    }

    private static BertConfig configOf(OnnxGraph g, Map<String, OnnxGraph.Tensor> w, Path file) {
        long[] word = w.get("embeddings.word_embeddings.weight").dims();
        int hidden = (int) word[1];
        TreeSet<Integer> layers = new TreeSet<>();
        w.keySet().forEach(k -> {
            Matcher m = LAYER.matcher(k);
            if (m.find()) {
                layers.add(Integer.parseInt(m.group(1)));
            }
        });
        OnnxGraph.Tensor inter = w.get("encoder.layer.0.intermediate.dense.bias");
        BertConfig.Builder b = BertConfig.builder()
                .setVocabSize((int) word[0])
                .setHiddenSize(hidden)
                .setNumHiddenLayers(layers.size())
                .setNumAttentionHeads(heads(g, hidden, file))
                .setIntermediateSize(inter == null ? 4 * hidden : (int) inter.dims()[0])
                .optHiddenAct(activation(g))
                .optArchitectures("BertModel");
        OnnxGraph.Tensor pos = w.get("embeddings.position_embeddings.weight");
        if (pos != null) {
            b.optMaxPositionEmbeddings((int) pos.dims()[0]);
        }
        OnnxGraph.Tensor types = w.get("embeddings.token_type_embeddings.weight");
        if (types != null) {
            b.optTypeVocabSize((int) types.dims()[0]);
        }
        Double eps = layerNormEps(g);
        if (eps != null) {
            b.optLayerNormEps(eps);
        }
        return b.build();
    }

    /** The head count: the third constant of the first attention Reshape's shape (batch, seq, heads, size). */
    private static int heads(OnnxGraph g, int hidden, Path file) {
        for (OnnxGraph.Node n : g.nodes) {
            if (n.opType().equals("Concat") && n.name().startsWith("/encoder/layer.0/attention/self/")
                    && n.inputs().size() == 4) {
                OnnxGraph.Tensor heads = g.constants.get(n.inputs().get(2));
                OnnxGraph.Tensor size = g.constants.get(n.inputs().get(3));
                if (heads != null && size != null && heads.longs() != null && size.longs() != null
                        && heads.longs().length == 1 && heads.longs()[0] * size.longs()[0] == hidden) {
                    return (int) heads.longs()[0];
                }
            }
        }
        throw new IllegalArgumentException(file + ": cannot find the number of attention heads in the graph");
    }

    private static String activation(OnnxGraph g) {
        boolean tanh = false;
        for (OnnxGraph.Node n : g.nodes) {
            if (n.name().startsWith("/encoder/layer.0/intermediate/")) {
                switch (n.opType()) {
                    case "Erf": case "Gelu": return "gelu";
                    case "Relu": return "relu";
                    case "Tanh": tanh = true; break;
                    default: break;
                }
            }
        }
        return tanh ? "gelu_new" : "gelu";
    }

    private static Double layerNormEps(OnnxGraph g) {
        for (OnnxGraph.Node n : g.nodes) {
            if (n.opType().equals("Add") && n.name().equals("/embeddings/LayerNorm/Add")) {
                for (String input : n.inputs()) {
                    OnnxGraph.Tensor c = g.constants.get(input);
                    if (c != null && c.floats() != null && c.floats().length == 1) {
                        return Double.parseDouble(Float.toString(c.floats()[0])); // as written, not widened
                    }
                }
            }
            if (n.opType().equals("LayerNormalization") && n.name().startsWith("/embeddings/")) {
                return null; // fused: epsilon is an attribute; keep BERT's default
            }
        }
        return null;
    }
}
