package dev.sparkbert.training.cli;

import dev.sparkbert.ml.cli.Options;
import dev.sparkbert.ml.exec.ModelLocation;
import dev.sparkbert.ml.io.StageWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * {@code export}: copies the HF checkpoint of a saved spark-bert stage (its {@code data/checkpoint}),
 * an HF checkpoint folder or the embedded model into a new folder that HF transformers opens.
 */
final class ExportCommand {

    static final Set<String> OPTIONS = Set.of("model", "output");

    private ExportCommand() {}

    static void run(Options o) throws Exception {
        String model = o.require("model");
        Path output = Path.of(o.require("output"));
        if (Files.exists(output)) {
            throw new Options.UsageException("export: --output " + output + " already exists; give a new folder");
        }
        String source = Files.isDirectory(Path.of(model, "metadata")) ? Path.of(model, StageWriter.CHECKPOINT_DIR).toString()
                : model;
        // Copy into a hidden sibling, then rename: a failed export leaves no half-written folder.
        Path tmp = output.toAbsolutePath().resolveSibling("." + output.getFileName() + ".tmp-" + System.nanoTime());
        ModelLocation.copyCheckpoint(source, new org.apache.hadoop.fs.Path(tmp.toUri()), new Configuration());
        if (!Files.isRegularFile(tmp.resolve("config.json")) || !Files.isRegularFile(tmp.resolve("model.safetensors"))) {
            throw new IllegalArgumentException("export: " + model + " holds no HF checkpoint (config.json and"
                    + " model.safetensors)");
        }
        Files.move(tmp, output, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        System.out.println("exported the HF checkpoint of " + model + " to " + output);
    }
}
