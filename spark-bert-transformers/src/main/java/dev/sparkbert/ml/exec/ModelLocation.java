package dev.sparkbert.ml.exec;

import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.util.LocalFolders;
import dev.sparkbert.core.weights.EmbeddedModels;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * Where a stage's HF checkpoint lives: a folder on any Hadoop FileSystem (local, HDFS, S3, ...), an
 * ONNX-exported encoder ({@code .onnx} file with {@code tokenizer.json} beside it), weights shared
 * from driver memory ({@code driver:<id>}, see {@link DriverCheckpoint}), or {@code embedded} for
 * the all-MiniLM-L6-v2 that ships in a Maven artifact.
 *
 * <p>Executors need a local folder for the native loader; {@link #localCopy} copies a remote
 * checkpoint once per machine into {@code java.io.tmpdir/spark-bert-models}, keyed by the location
 * and the files' sizes and modification times, so a changed checkpoint is fetched again. A folder
 * of that cache not used for {@code -Dsparkbert.modelCacheIdleHours} (default 24) is deleted when
 * another is added.
 */
public final class ModelLocation {

    /** The value of the model location param that selects the embedded default encoder. */
    public static final String EMBEDDED = "embedded";

    /** Files of an HF checkpoint folder that stages use and save. */
    public static final List<String> CHECKPOINT_FILES = List.of("config.json", "model.safetensors",
            "model.safetensors.index.json", "tokenizer.json", "vocab.txt", "tokenizer_config.json",
            "special_tokens_map.json", "training_history.json");

    /** The JVM property that sets how long an unused local copy is kept, in hours. */
    public static final String CACHE_IDLE_HOURS = "sparkbert.modelCacheIdleHours";

    private ModelLocation() {}

    /** This machine's folder {@code name} of the local copies' cache. */
    static Path cacheFolder(String name) {
        return Path.of(System.getProperty("java.io.tmpdir"), "spark-bert-models", name);
    }

    /**
     * Publishes a filled folder of the cache ({@link LocalFolders#publish}), then deletes the
     * cache's folders unused for the hours {@value #CACHE_IDLE_HOURS} sets (default 24).
     */
    static Path publishCached(Path work, Path dir) throws IOException {
        Path published = LocalFolders.publish(work, dir);
        String hours = System.getProperty(CACHE_IDLE_HOURS, "24");
        double h;
        try {
            h = Double.parseDouble(hours);
        } catch (NumberFormatException e) {
            h = Double.NaN;
        }
        if (!(h >= 0)) {
            throw new IllegalArgumentException("-D" + CACHE_IDLE_HOURS + "=" + hours + ": expected hours >= 0");
        }
        LocalFolders.deleteIdle(dir.getParent(), Duration.ofSeconds(Math.round(h * 3600)));
        return published;
    }

    /**
     * The checkpoint folder a location names: {@code embedded} is the default encoder's local folder;
     * an {@code .onnx} file is converted once per JVM into a local checkpoint folder.
     */
    private static org.apache.hadoop.fs.Path resolve(String location, Configuration hadoop) throws IOException {
        if (EMBEDDED.equals(location)) {
            return new org.apache.hadoop.fs.Path(EmbeddedModels.defaultEncoder().toUri());
        }
        if (location.startsWith(DriverCheckpoint.PREFIX)) {
            return new org.apache.hadoop.fs.Path(DriverCheckpoint.localFolder(location, null).toUri());
        }
        if (location.toLowerCase().endsWith(".onnx")) {
            return new org.apache.hadoop.fs.Path(fromOnnx(new org.apache.hadoop.fs.Path(location), hadoop)
                    .toUri());
        }
        return new org.apache.hadoop.fs.Path(location);
    }

    /**
     * Converts an ONNX-exported BERT encoder (with the {@code tokenizer.json} beside it, as HF's ONNX
     * exports have it) into an HF checkpoint folder under {@code java.io.tmpdir}, keyed by the
     * file's location, size and modification time.
     */
    private static Path fromOnnx(org.apache.hadoop.fs.Path onnx, Configuration hadoop) throws IOException {
        FileSystem fs = onnx.getFileSystem(hadoop);
        org.apache.hadoop.fs.Path tokenizer = new org.apache.hadoop.fs.Path(onnx.getParent(), "tokenizer.json");
        if (!fs.exists(onnx) || !fs.exists(tokenizer)) {
            throw new IllegalArgumentException("model location '" + onnx + "': an ONNX model needs the file and a"
                    + " tokenizer.json beside it");
        }
        FileStatus st = fs.getFileStatus(onnx);
        String identity = fs.makeQualified(onnx) + "|" + st.getLen() + "|" + st.getModificationTime();
        Path dir = cacheFolder("onnx-" + Integer.toHexString(identity.hashCode()));
        if (LocalFolders.use(dir)) {
            return dir;
        }
        Path work = LocalFolders.workFolderFor(dir);
        try {
            fs.copyToLocalFile(false, onnx, new org.apache.hadoop.fs.Path(work.resolve("model.onnx").toUri()), true);
            fs.copyToLocalFile(false, tokenizer, new org.apache.hadoop.fs.Path(work.resolve("tokenizer.src.json").toUri()),
                    true);
            Path out = work.resolve("checkpoint");
            dev.sparkbert.core.weights.OnnxBertImporter.importModel(work.resolve("model.onnx"),
                    work.resolve("tokenizer.src.json"), out);
            return publishCached(out, dir);
        } finally {
            LocalFolders.deleteTree(work);
        }
    }

    /** Reads {@code config.json} of a location, failing with a message that names it. */
    public static BertConfig readConfig(String location, Configuration hadoop) {
        org.apache.hadoop.fs.Path config;
        try {
            config = new org.apache.hadoop.fs.Path(resolve(location, hadoop), "config.json");
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the embedded model: " + e.getMessage(), e);
        }
        try (InputStream in = config.getFileSystem(hadoop).open(config)) {
            return BertConfig.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("model location '" + location + "' has no readable config.json ("
                    + e.getMessage() + "); expected an HF checkpoint folder or '" + EMBEDDED + "'", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(config + ": " + e.getMessage(), e);
        }
    }

    /** A local folder holding the checkpoint (the folder itself when it is already local). */
    public static Path localCopy(String location, Configuration hadoop) throws IOException {
        org.apache.hadoop.fs.Path src = resolve(location, hadoop);
        FileSystem fs = src.getFileSystem(hadoop);
        URI uri = fs.makeQualified(src).toUri();
        if ("file".equals(uri.getScheme())) {
            return Path.of(uri);
        }
        StringBuilder identity = new StringBuilder(uri.toString());
        for (FileStatus s : fs.listStatus(src)) {
            identity.append('|').append(s.getPath().getName()).append(':').append(s.getLen()).append(':')
                    .append(s.getModificationTime());
        }
        Path dir = cacheFolder(Integer.toHexString(identity.toString().hashCode()));
        if (LocalFolders.use(dir)) {
            return dir;
        }
        Path work = LocalFolders.workFolderFor(dir);
        for (String name : CHECKPOINT_FILES) {
            org.apache.hadoop.fs.Path f = new org.apache.hadoop.fs.Path(src, name);
            if (fs.exists(f)) {
                try (InputStream in = fs.open(f)) {
                    Files.copy(in, work.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return publishCached(work, dir);
    }

    /** Copies a location's checkpoint files into a folder of a Hadoop FileSystem (stage saves). */
    public static void copyCheckpoint(String location, org.apache.hadoop.fs.Path target, Configuration hadoop)
            throws IOException {
        FileSystem out = target.getFileSystem(hadoop);
        out.mkdirs(target);
        org.apache.hadoop.fs.Path src = resolve(location, hadoop);
        FileSystem in = src.getFileSystem(hadoop);
        for (String name : CHECKPOINT_FILES) {
            org.apache.hadoop.fs.Path f = new org.apache.hadoop.fs.Path(src, name);
            if (in.exists(f)) {
                org.apache.hadoop.fs.FileUtil.copy(in, f, out, new org.apache.hadoop.fs.Path(target, name), false,
                        hadoop);
            }
        }
    }
}
