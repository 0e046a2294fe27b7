package dev.sparkbert.training.distributed;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * What a fit reports: per-step training records and the evaluations on validation data. As JSON
 * ({@code {"steps": [{"step", "loss", "learning_rate", ...}], "eval": [{"step", "eval_loss",
 * "eval_accuracy", ...}]}}) it is saved as {@code training_history.json} next to the trained weights
 * and inside every training checkpoint.
 */
public record TrainingHistory(List<StepRecord> steps, List<EvalRecord> evals, List<Integer> replicaThreads)
        implements Serializable {

    public static final String FILE = "training_history.json";

    /**
     * @param replicaThreads the PyTorch intra-op threads each replica ran with, by rank (empty when
     *     not known, as in a checkpoint)
     */
    public TrainingHistory {
        steps = List.copyOf(steps);
        evals = List.copyOf(evals);
        replicaThreads = List.copyOf(replicaThreads);
    }

    public TrainingHistory(List<StepRecord> steps, List<EvalRecord> evals) {
        this(steps, evals, List.of());
    }

    public static TrainingHistory empty() {
        return new TrainingHistory(List.of(), List.of());
    }

    /** This history with the replicas' thread counts. */
    public TrainingHistory withReplicaThreads(List<Integer> threads) {
        return new TrainingHistory(steps, evals, threads);
    }

    public String toJson() {
        JsonArray s = new JsonArray();
        for (StepRecord r : steps) {
            JsonObject o = new JsonObject();
            o.addProperty("step", r.step());
            o.addProperty("loss", r.loss());
            o.addProperty("learning_rate", r.learningRate());
            o.addProperty("grad_norm", r.gradNorm());
            o.addProperty("examples", r.examples());
            o.addProperty("seconds", r.seconds());
            o.addProperty("all_reduce_seconds", r.allReduceSeconds());
            if (!Double.isNaN(r.passSeconds())) {
                o.addProperty("pass_seconds", r.passSeconds());
                o.addProperty("update_seconds", r.updateSeconds());
            }
            if (!Double.isNaN(r.waitSeconds())) {
                o.addProperty("wait_seconds", r.waitSeconds());
            }
            s.add(o);
        }
        JsonArray e = new JsonArray();
        for (EvalRecord r : evals) {
            JsonObject o = new JsonObject();
            o.addProperty("step", r.step());
            o.addProperty("eval_loss", r.loss());
            if (!Double.isNaN(r.accuracy())) {
                o.addProperty("eval_accuracy", r.accuracy());
            }
            o.addProperty("eval_examples", r.examples());
            e.add(o);
        }
        JsonObject root = new JsonObject();
        root.add("steps", s);
        root.add("eval", e);
        JsonArray threads = new JsonArray();
        replicaThreads.forEach(threads::add);
        root.add("replica_threads", threads);
        return root.toString();
    }

    public static TrainingHistory fromJson(String json) {
        JsonObject root = JsonParser.parseString(json).getAsJsonObject();
        List<StepRecord> steps = new ArrayList<>();
        for (JsonElement x : root.getAsJsonArray("steps")) {
            JsonObject o = x.getAsJsonObject();
            steps.add(new StepRecord(o.get("step").getAsInt(), o.get("loss").getAsDouble(),
                    o.get("learning_rate").getAsDouble(), o.get("grad_norm").getAsDouble(), o.get("examples").getAsLong(),
                    o.get("seconds").getAsDouble(), o.get("all_reduce_seconds").getAsDouble(), orNaN(o, "pass_seconds"),
                    orNaN(o, "update_seconds"), orNaN(o, "wait_seconds")));
        }
        List<EvalRecord> evals = new ArrayList<>();
        if (root.has("eval")) {
            for (JsonElement x : root.getAsJsonArray("eval")) {
                JsonObject o = x.getAsJsonObject();
                evals.add(new EvalRecord(o.get("step").getAsInt(), o.get("eval_loss").getAsDouble(),
                        o.has("eval_accuracy") ? o.get("eval_accuracy").getAsDouble() : Double.NaN,
                        o.get("eval_examples").getAsLong()));
            }
        }
        List<Integer> threads = new ArrayList<>();
        if (root.has("replica_threads")) {
            root.getAsJsonArray("replica_threads").forEach(x -> threads.add(x.getAsInt()));
        }
        return new TrainingHistory(steps, evals, threads);
    }

    /** A number a history written by an earlier version may lack. */
    private static double orNaN(JsonObject o, String key) {
        return o.has(key) ? o.get(key).getAsDouble() : Double.NaN;
    }

    /** Writes {@code training_history.json} into the checkpoint folder {@code checkpoint} (a Hadoop path). */
    public void write(String checkpoint, Configuration hadoop) {
        Path file = new Path(checkpoint, FILE);
        try (OutputStream out = file.getFileSystem(hadoop).create(file, false)) {
            out.write(toJson().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
