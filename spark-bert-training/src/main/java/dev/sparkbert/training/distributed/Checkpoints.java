package dev.sparkbert.training.distributed;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.optim.AdamW;
import dev.sparkbert.core.util.LocalFolders;
import dev.sparkbert.core.weights.BertWeights;
import dev.sparkbert.core.weights.SafeTensors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Training checkpoints under a plan's {@code checkpointDir} (any Hadoop FileSystem): folders
 * {@code checkpoint-<steps done>} holding the weights as an HF checkpoint ({@code config.json},
 * {@code model.safetensors}), the AdamW moments ({@code optimizer.safetensors}), and {@code
 * trainer_state.json} (steps done, the plan's fingerprint, the history so far). The data position
 * follows from the step, as the training order is fixed.
 *
 * <p>A checkpoint is written into a hidden temporary folder and renamed into place, so a crash
 * mid-write never leaves a partial {@code checkpoint-N}; the two newest are kept. Only a checkpoint
 * whose fingerprint matches the plan (same data size, batch, steps, schedule, model, seed) is
 * resumed from, so an unrelated run's checkpoints in the same folder are ignored.
 */
public final class Checkpoints {

    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)");
    private static final String STATE = "trainer_state.json";
    private static final String OPTIMIZER = "optimizer.safetensors";
    private static final int KEEP = 2;

    private Checkpoints() {}

    /** A checkpoint found for resuming. */
    public record Found(Path dir, int stepsDone, TrainingHistory history) {}

    /** The plan's identity for resuming: everything that decides the run's steps. */
    static String fingerprint(TrainingPlan p) {
        // Not the number of workers: the same global batches may resume on another number of replicas.
        String s = String.join("|", p.objective().name(), p.start().configJson(), p.start().checkpoint(),
                Long.toString(p.start().seed()), Integer.toString(p.batching().globalBatchSize()),
                Integer.toString(p.batching().gradientAccumulationSteps()), Long.toString(p.batching().numExamples()),
                p.optimizer().toString(), p.schedule().toString(), Long.toString(p.validation().numExamples()),
                Integer.toString(p.validation().evalSteps()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The newest complete checkpoint of this plan, if any. */
    public static java.util.Optional<Found> latest(TrainingPlan plan, Configuration hadoop) throws IOException {
        Path root = new Path(plan.checkpoints().dir());
        FileSystem fs = root.getFileSystem(hadoop);
        if (!fs.exists(root)) {
            return java.util.Optional.empty();
        }
        String fp = fingerprint(plan);
        Found best = null;
        for (FileStatus st : fs.listStatus(root)) {
            Matcher m = NAME.matcher(st.getPath().getName());
            Path state = new Path(st.getPath(), STATE);
            if (!st.isDirectory() || !m.matches() || !fs.exists(state)) {
                continue;
            }
            JsonObject json;
            try (InputStream in = fs.open(state)) {
                json = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
            }
            int steps = json.get("steps_done").getAsInt();
            if (fp.equals(json.get("fingerprint").getAsString()) && (best == null || steps > best.stepsDone())) {
                best = new Found(st.getPath(), steps, TrainingHistory.fromJson(json.get("history").toString()));
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    /** Loads a checkpoint's weights and optimizer state into a replica. */
    public static void restore(Found found, BertNetwork net, AdamW adamw, NDManager manager, Configuration hadoop)
            throws IOException {
        java.nio.file.Path local = Files.createTempDirectory("spark-bert-resume");
        try {
            FileSystem fs = found.dir().getFileSystem(hadoop);
            for (String f : List.of("config.json", "model.safetensors", OPTIMIZER)) {
                fs.copyToLocalFile(false, new Path(found.dir(), f), new Path(local.resolve(f).toUri()), true);
            }
            BertWeights.copyInto(net, local);
            SafeTensors opt = SafeTensors.open(local.resolve(OPTIMIZER));
            try (NDManager scratch = manager.newSubManager()) {
                adamw.restore(opt.readAll(scratch), Long.parseLong(opt.getMetadata().get("step")));
            }
        } finally {
            LocalFolders.deleteTree(local);
        }
    }

    /** Writes checkpoint-{@code stepsDone} atomically and drops older ones beyond the newest two. */
    public static void save(TrainingPlan plan, int stepsDone, BertNetwork net, AdamW adamw, TrainingHistory history,
            Configuration hadoop) throws IOException {
        java.nio.file.Path local = Files.createTempDirectory("spark-bert-ckpt");
        try {
            adamw.flush();
            BertWeights.save(net, local);
            Map<String, NDArray> state = adamw.state();
            SafeTensors.write(local.resolve(OPTIMIZER), state, Map.of("step", Long.toString(adamw.getStepCount())));
            JsonObject json = new JsonObject();
            json.addProperty("steps_done", stepsDone);
            json.addProperty("fingerprint", fingerprint(plan));
            json.add("history", JsonParser.parseString(history.toJson()));
            Files.writeString(local.resolve(STATE), json.toString());
            Path root = new Path(plan.checkpoints().dir());
            FileSystem fs = root.getFileSystem(hadoop);
            Path tmp = new Path(root, ".tmp-checkpoint-" + stepsDone + "-" + UUID.randomUUID());
            fs.copyFromLocalFile(false, true, new Path(local.toUri()), tmp);
            Path target = new Path(root, "checkpoint-" + stepsDone);
            if (fs.exists(target)) {
                fs.delete(target, true); // a retried run redoing the same step: same content
            }
            if (!fs.rename(tmp, target)) {
                throw new IOException("cannot rename " + tmp + " to " + target);
            }
            prune(fs, root, stepsDone, fingerprint(plan));
        } finally {
            LocalFolders.deleteTree(local);
        }
    }

    /** Deletes this plan's checkpoints older than the newest {@code KEEP}; other runs' are left alone. */
    private static void prune(FileSystem fs, Path root, int newest, String fp) throws IOException {
        List<Integer> steps = new ArrayList<>();
        for (FileStatus st : fs.listStatus(root)) {
            Matcher m = NAME.matcher(st.getPath().getName());
            Path state = new Path(st.getPath(), STATE);
            if (st.isDirectory() && m.matches() && Integer.parseInt(m.group(1)) <= newest && fs.exists(state)) {
                try (InputStream in = fs.open(state)) {
                    String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    if (fp.equals(JsonParser.parseString(json).getAsJsonObject().get("fingerprint").getAsString())) {
                        steps.add(Integer.parseInt(m.group(1)));
                    }
                }
            }
        }
        steps.sort(null);
        for (int i = 0; i < steps.size() - KEEP; i++) {
            fs.delete(new Path(root, "checkpoint-" + steps.get(i)), true);
        }
    }
}
