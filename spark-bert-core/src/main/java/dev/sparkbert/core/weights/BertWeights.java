package dev.sparkbert.core.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertHeads;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.util.InPlace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that gives a network its weights: HF initialisation, loading HF checkpoints (any
 * head's checkpoint into any head), and saving checkpoints HF's {@code from_pretrained} opens.
 *
 * <p>Checkpoint keys are matched as HF does: legacy LayerNorm {@code gamma}/{@code beta} read as
 * {@code weight}/{@code bias}; the {@code bert.} prefix is added or removed to fit the network;
 * tied aliases ({@code cls.predictions.decoder.*}) are accepted and never reported. Weights the
 * checkpoint lacks get HF's initialisation and are reported; checkpoint weights the network has no
 * place for are reported as unused; a shape mismatch fails naming the key and both shapes.
 */
public final class BertWeights {

    private static final String BASE_PREFIX = "bert.";

    private BertWeights() {}

    /** Gives every parameter HF's initial value, from {@code seed}. Arrays live in {@code manager}. */
    public static void initialize(BertNetwork net, NDManager manager, long seed) {
        Map<String, Shape> shapes = net.namedShapes();
        net.namedParameters().forEach((key, p) ->
                assign(p, WeightInit.initialValue(key, shapes.get(key), net.getConfig(), seed, manager)));
    }

    /** Builds the network the checkpoint's config names (or {@code architecture}) and loads it. */
    public static BertNetwork fromPretrained(Path dir, String architecture, NDManager manager) throws IOException {
        BertConfig config = BertConfig.read(dir);
        BertNetwork net = architecture == null ? BertHeads.create(config) : BertHeads.create(architecture, config);
        load(net, dir, manager, 0L);
        return net;
    }

    /**
     * Loads an HF checkpoint folder into a network whose parameters are not set yet; weights the
     * checkpoint lacks are initialised from {@code seed}.
     */
    public static LoadReport load(BertNetwork net, Path dir, NDManager manager, long seed) throws IOException {
        return apply(net, CheckpointFiles.open(dir), manager, seed, false);
    }

    /**
     * Copies a checkpoint's weights into a network whose parameters are already set (for example
     * to resume training), in place: every parameter must be in the checkpoint. Turns autograd off
     * on the calling thread (as {@code torch.no_grad()} around {@code copy_}): parameters that
     * collect gradients refuse in-place writes in grad mode, which every new thread starts in.
     */
    public static void copyInto(BertNetwork net, Path dir) throws IOException {
        Engines.noGradOnThisThread();
        NDManager scratch = net.namedParameters().values().iterator().next().getArray().getManager()
                .newSubManager();
        try (scratch) {
            apply(net, CheckpointFiles.open(dir), scratch, 0L, true);
        }
    }

    private static LoadReport apply(BertNetwork net, Map<String, SafeTensors> files, NDManager manager, long seed,
            boolean inPlace) throws IOException {
        Map<String, Parameter> params = net.namedParameters();
        Map<String, Shape> shapes = net.namedShapes();
        Map<String, String> tied = net.tiedKeys();
        Map<String, String> sourceFor = new LinkedHashMap<>(); // our key -> checkpoint key
        List<String> unused = new ArrayList<>();
        for (String ckptKey : files.keySet()) {
            String key = normalize(ckptKey, net.isBaseModel());
            if (params.containsKey(key)) {
                sourceFor.put(key, ckptKey);
            } else if (tied.containsKey(key)) {
                // An alias; use it only when the real key is absent (old checkpoints' decoder.bias).
                sourceFor.putIfAbsent(tied.get(key), ckptKey);
            } else {
                unused.add(ckptKey);
            }
        }
        // A real key wins over an alias that happened to be seen first.
        for (String ckptKey : files.keySet()) {
            String key = normalize(ckptKey, net.isBaseModel());
            if (params.containsKey(key)) {
                sourceFor.put(key, ckptKey);
            }
        }
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            String key = e.getKey();
            String ckptKey = sourceFor.get(key);
            if (ckptKey == null) {
                if (inPlace) {
                    throw new IllegalArgumentException("checkpoint has no weight '" + key + "'");
                }
                missing.add(key);
                assign(e.getValue(), WeightInit.initialValue(key, shapes.get(key), net.getConfig(), seed, manager));
                continue;
            }
            SafeTensors file = files.get(ckptKey);
            SafeTensors.TensorInfo info = file.getTensors().get(ckptKey);
            Shape expected = shapes.get(key);
            if (!info.djlShape().equals(expected)) {
                throw new IllegalArgumentException(file.getFile() + ": weight '" + ckptKey + "' has shape "
                        + info.djlShape() + " but the model's '" + key + "' needs " + expected);
            }
            NDArray value = file.read(ckptKey, manager);
            if (value.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException(file.getFile() + ": weight '" + ckptKey + "' has dtype "
                        + info.dtype() + "; weights must be floating point");
            }
            if (inPlace) {
                InPlace.copy(e.getValue().getArray(), value);
                value.close();
            } else {
                assign(e.getValue(), value);
            }
        }
        return new LoadReport(List.copyOf(missing), List.copyOf(unused));
    }

    /** The key a checkpoint key has in a network (base model: no {@code bert.} prefix; heads: with it). */
    static String normalize(String ckptKey, boolean baseModel) {
        String key = ckptKey;
        if (key.endsWith("LayerNorm.gamma")) {
            key = key.substring(0, key.length() - "gamma".length()) + "weight";
        } else if (key.endsWith("LayerNorm.beta")) {
            key = key.substring(0, key.length() - "beta".length()) + "bias";
        }
        boolean prefixed = key.startsWith(BASE_PREFIX);
        if (baseModel && prefixed) {
            return key.substring(BASE_PREFIX.length());
        }
        if (!baseModel && !prefixed && isBaseModelKey(key)) {
            return BASE_PREFIX + key;
        }
        return key;
    }

    private static boolean isBaseModelKey(String key) {
        return key.startsWith("embeddings.") || key.startsWith("encoder.") || key.startsWith("pooler.");
    }

    /**
     * Saves an HF checkpoint folder: {@code config.json} (with the network's architecture) and
     * {@code model.safetensors} (float32, {@code __metadata__ {"format": "pt"}}, tied weights once,
     * as HF saves them). Each file is written atomically.
     */
    public static void save(BertNetwork net, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        net.namedParameters().forEach((key, p) -> {
            if (!p.isInitialized()) {
                throw new IllegalStateException("weight '" + key + "' has no value; initialise or load the model");
            }
            tensors.put(key, p.getArray());
        });
        SafeTensors.write(dir.resolve(CheckpointFiles.SAFETENSORS), tensors, Map.of("format", "pt"));
        BertConfig config = net.getConfig().toBuilder().optArchitectures(net.getArchitecture()).build();
        Path tmp = Files.createTempFile(dir, ".config", ".json.tmp");
        try {
            config.write(tmp);
            Files.move(tmp, dir.resolve("config.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void assign(Parameter p, NDArray value) {
        if (p.isInitialized()) {
            throw new IllegalStateException("weight '" + p.getName() + "' already has a value; use copyInto");
        }
        p.setArray(value);
    }
}
