package dev.sparkbert.core.weights;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds the weight files of an HF checkpoint folder: {@code model.safetensors}, or the shards a
 * {@code model.safetensors.index.json} lists. Gives, for every tensor name, the open file holding it.
 */
final class CheckpointFiles {

    static final String SAFETENSORS = "model.safetensors";
    static final String SAFETENSORS_INDEX = "model.safetensors.index.json";

    private CheckpointFiles() {}

    static Map<String, SafeTensors> open(Path dir) throws IOException {
        Path single = dir.resolve(SAFETENSORS);
        Path index = dir.resolve(SAFETENSORS_INDEX);
        Map<String, SafeTensors> byTensor = new LinkedHashMap<>();
        if (Files.isRegularFile(single)) {
            SafeTensors f = SafeTensors.open(single);
            f.getTensors().keySet().forEach(name -> byTensor.put(name, f));
        } else if (Files.isRegularFile(index)) {
            Map<String, SafeTensors> shards = new LinkedHashMap<>();
            for (Map.Entry<String, String> e : weightMap(index).entrySet()) {
                String shardName = e.getValue();
                if (shardName.contains("/") || shardName.contains("\\") || shardName.startsWith(".")) {
                    throw SafeTensors.corrupt(index, "shard name '" + shardName + "' must be a file in the folder");
                }
                SafeTensors shard = shards.get(shardName);
                if (shard == null) {
                    shard = SafeTensors.open(dir.resolve(shardName));
                    shards.put(shardName, shard);
                }
                if (!shard.getTensors().containsKey(e.getKey())) {
                    throw SafeTensors.corrupt(index, "tensor '" + e.getKey() + "' is listed in shard " + shardName
                            + " but that shard does not hold it");
                }
                byTensor.put(e.getKey(), shard);
            }
        } else {
            throw new NoSuchFileException(dir.toString(), null, "no " + SAFETENSORS + " or " + SAFETENSORS_INDEX
                    + " in this folder" + (Files.exists(dir.resolve("pytorch_model.bin"))
                            ? " (pytorch_model.bin is not read yet: convert it to safetensors)" : ""));
        }
        return byTensor;
    }

    private static Map<String, String> weightMap(Path index) throws IOException {
        try {
            JsonObject root = JsonParser.parseString(Files.readString(index, StandardCharsets.UTF_8)).getAsJsonObject();
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : root.getAsJsonObject("weight_map").entrySet()) {
                out.put(e.getKey(), e.getValue().getAsString());
            }
            return out;
        } catch (JsonParseException | IllegalStateException | NullPointerException | ClassCastException e) {
            throw SafeTensors.corrupt(index, "not a valid index (needs an object 'weight_map' of tensor to file)");
        }
    }
}
