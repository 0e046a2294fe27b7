package dev.sparkbert.core.bench;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.sparkbert.core.Fixtures;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.weights.BertWeights;
import java.nio.file.Path;

/**
 * Loads every forward case of a fixture set with spark-bert and saves it again to {@code OUT/<case>},
 * so {@code benchmarks/check_hf_opens_our_saves.py} can open our saves in HF transformers and compare
 * its outputs with the fixtures. Args: FIXTURES_DIR OUT_DIR.
 */
public final class ResaveFixtures {

    public static void main(String[] args) throws Exception {
        Path fixtures = Path.of(args[0]);
        Path out = Path.of(args[1]);
        JsonObject manifest = Fixtures.json(fixtures.resolve("manifest.json"));
        try (NDManager manager = NDManager.newBaseManager(Engines.PYTORCH)) {
            for (JsonElement e : manifest.getAsJsonArray("cases")) {
                JsonObject c = e.getAsJsonObject();
                if (c.has("kind")) {
                    continue;
                }
                String name = c.get("name").getAsString();
                BertNetwork net = BertWeights.fromPretrained(fixtures.resolve(name), c.get("hf_class").getAsString(),
                        manager);
                BertWeights.save(net, out.resolve(name));
                System.out.println("saved " + name + " as " + net.getArchitecture());
            }
        }
    }
}
