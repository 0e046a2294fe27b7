package dev.sparkbert.cli;

import dev.sparkbert.ml.exec.ModelLocation;
import dev.sparkbert.ml.io.StageReader;
import dev.sparkbert.ml.io.StageWriter;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code export}: copies the HF checkpoint of a saved spark-bert stage (its {@code data/checkpoint}),
 * an HF checkpoint folder or the embedded model into a new folder that HF transformers opens. Both
 * may be on any Hadoop FileSystem the session's configuration reaches.
 */
final class ExportCommand {

    static final Set<String> OPTIONS = Set.of("model", "output", "master");

    private ExportCommand() {}

    static void run(Options o) throws Exception {
        String model = o.require("model");
        try (CliSession session = CliSession.start(o, "local[1]", "spark-bert export");
                OutputFolder output = OutputFolder.create("export", "output", o.require("output"),
                        session.spark().sparkContext().hadoopConfiguration())) {
            Configuration hadoop = session.spark().sparkContext().hadoopConfiguration();
            String source = StageReader.isSavedStage(model, hadoop) ? new Path(model, StageWriter.CHECKPOINT_DIR).toString()
                    : model;
            ModelLocation.copyCheckpoint(source, new Path(output.work("")), hadoop);
            FileSystem out = new Path(output.work("")).getFileSystem(hadoop);
            if (!out.isFile(new Path(output.work("config.json"))) || !out.isFile(new Path(output.work("model.safetensors")))) {
                throw new IllegalArgumentException("export: " + model + " holds no HF checkpoint (config.json and"
                        + " model.safetensors)");
            }
            output.commit();
            System.out.println("exported the HF checkpoint of " + model + " to " + output.published(""));
        }
    }

    static String help() {
        return String.join("\n",
                "usage: spark-bert export --model SAVED_STAGE_OR_CHECKPOINT --output DIR",
                "  copies the HF checkpoint (config.json, model.safetensors, tokenizer files) into a new folder");
    }
}
