package dev.sparkbert.training.distributed;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A fit's per-step history as JSON ({@code {"steps": [{"step", "loss", "learning_rate", ...}]}}):
 * saved as {@code training_history.json} next to the trained weights and inside every training
 * checkpoint.
 */
public final class TrainingHistory {

    public static final String FILE = "training_history.json";

    private TrainingHistory() {}

    public static String toJson(List<StepRecord> history) {
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
        return root.toString();
    }

    public static List<StepRecord> fromJson(String json) {
        List<StepRecord> out = new ArrayList<>();
        for (JsonElement e : JsonParser.parseString(json).getAsJsonObject().getAsJsonArray("steps")) {
            JsonObject o = e.getAsJsonObject();
            out.add(new StepRecord(o.get("step").getAsInt(), o.get("loss").getAsDouble(),
                    o.get("learning_rate").getAsDouble(), o.get("grad_norm").getAsDouble(), o.get("examples").getAsLong(),
                    o.get("seconds").getAsDouble(), o.get("all_reduce_seconds").getAsDouble()));
        }
        return out;
    }

    /** Writes {@code training_history.json} into the checkpoint folder {@code checkpoint} (a Hadoop path). */
    public static void write(List<StepRecord> history, String checkpoint, Configuration hadoop) {
        Path file = new Path(checkpoint, FILE);
        try (OutputStream out = file.getFileSystem(hadoop).create(file, false)) {
            out.write(toJson(history).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
