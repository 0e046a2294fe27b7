package dev.sparkbert.training;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.sparkbert.training.distributed.StepRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Writes a fit's per-step history as {@code training_history.json} next to the trained weights. */
final class History {

    static final String FILE = "training_history.json";

    private History() {}

    static void write(List<StepRecord> history, String checkpoint, Configuration hadoop) {
        JsonArray steps = new JsonArray();
        for (StepRecord r : history) {
            JsonObject o = new JsonObject();
            o.addProperty("step", r.step());
            o.addProperty("loss", r.loss());
            o.addProperty("learning_rate", r.learningRate());
            o.addProperty("grad_norm", r.gradNorm());
            o.addProperty("examples", r.examples());
            o.addProperty("seconds", r.seconds());
            o.addProperty("all_reduce_seconds", r.allReduceSeconds());
            steps.add(o);
        }
        JsonObject root = new JsonObject();
        root.add("steps", steps);
        Path file = new Path(checkpoint, FILE);
        try (OutputStream out = file.getFileSystem(hadoop).create(file, false)) {
            out.write(root.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
