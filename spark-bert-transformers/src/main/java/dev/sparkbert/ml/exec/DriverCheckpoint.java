package dev.sparkbert.ml.exec;

import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.util.LocalFolders;
import dev.sparkbert.core.weights.BertWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Weights that live only in driver memory (a network trained or built in the driver) made usable by
 * stages: the network is saved as an HF checkpoint, its files travel to the executors in one Spark
 * broadcast, and each JVM writes them once into a local folder that the stage loads like any other
 * checkpoint. The model location is {@code driver:<id>}.
 *
 * <pre>{@code
 * String location = DriverCheckpoint.share(spark.sparkContext(), net, tokenizerFolder);
 * BertSequenceClassificationModel.fromPretrained(location).transform(df);
 * }</pre>
 */
public final class DriverCheckpoint {

    public static final String PREFIX = "driver:";
    private static final Map<String, Broadcast<Map<String, byte[]>>> SHARED = new ConcurrentHashMap<>();

    private DriverCheckpoint() {}

    /**
     * Broadcasts {@code net}'s weights and config plus the tokenizer files of {@code tokenizerDir}
     * and returns the model location that names them.
     */
    public static String share(SparkContext sc, BertNetwork net, Path tokenizerDir) throws IOException {
        Path tmp = Files.createTempDirectory("spark-bert-driver");
        try {
            BertWeights.save(net, tmp);
            Map<String, byte[]> files = new LinkedHashMap<>();
            for (String name : ModelLocation.CHECKPOINT_FILES) {
                Path own = tmp.resolve(name);
                Path tokenizer = tokenizerDir.resolve(name);
                if (Files.isRegularFile(own)) {
                    files.put(name, Files.readAllBytes(own));
                } else if (Files.isRegularFile(tokenizer) && !name.startsWith("model.") && !name.equals("config.json")) {
                    files.put(name, Files.readAllBytes(tokenizer));
                }
            }
            String location = PREFIX + UUID.randomUUID();
            SHARED.put(location, JavaSparkContext.fromSparkContext(sc).broadcast(files));
            // No later session can name these weights: this machine's copy goes with the driver.
            LocalFolders.deleteAtExit(folderOf(location));
            return location;
        } finally {
            LocalFolders.deleteTree(tmp);
        }
    }

    /** The broadcast behind a {@code driver:} location (on the driver), or null for other locations. */
    public static Broadcast<Map<String, byte[]>> broadcastOf(String location) {
        return location.startsWith(PREFIX) ? SHARED.get(location) : null;
    }

    /**
     * The local folder holding a {@code driver:} checkpoint in this JVM, written from {@code files}
     * on first use (from the driver's broadcast when null).
     */
    static Path localFolder(String location, Map<String, byte[]> files) throws IOException {
        Path dir = folderOf(location);
        if (LocalFolders.use(dir)) {
            return dir;
        }
        if (files == null) {
            Broadcast<Map<String, byte[]>> b = SHARED.get(location);
            if (b == null) {
                throw new IllegalStateException("model location '" + location + "' names weights shared by another"
                        + " driver (or a finished session); a stage with driver weights must be saved to be reused");
            }
            files = b.value();
        }
        Path work = LocalFolders.workFolderFor(dir);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(work.resolve(f.getKey()), f.getValue());
        }
        return ModelLocation.publishCached(work, dir);
    }

    /** Where this machine keeps the files of a {@code driver:} location. */
    private static Path folderOf(String location) {
        return ModelLocation.cacheFolder(location.substring(PREFIX.length()));
    }
}
