package dev.sparkbert.training.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.optim.TrainingPasses;
import dev.sparkbert.core.precision.Precision;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.weights.SafeTensors;
import dev.sparkbert.ml.SparkTestSession;
import dev.sparkbert.ml.exec.HadoopConf;
import dev.sparkbert.training.TrainingTests;
import dev.sparkbert.training.comm.RingSecurity;
import dev.sparkbert.training.data.Example;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The distributed trainer replays HF's 8-step training trajectories with 1, 2 and 3 workers (the
 * 4-example batches split 4, 2+2 and 1+1+2): per-step loss, learning rate and pre-clip gradient norm,
 * and the final weights, within the fixture's tolerances.
 */
class TrajectoryEquivalenceTest {

    /** The plan's trainingPrecision in {@link #train}. */
    private String trainingPrecision = "fp32";

    @ParameterizedTest(name = "{0} with {1} workers")
    @CsvSource({"train_seqcls, 1", "train_seqcls, 2", "train_seqcls, 3", "train_pretraining, 2",
        "train_pretraining, 3"})
    void distributedRunEqualsHfSingleProcessRun(String name, int workers, @TempDir Path tmp) throws Exception {
        replayAndCompare(name, workers, tmp, null, 0);
    }

    /**
     * Only the step's word-embedding rows travel and are updated (the others catch up when read);
     * two replicas' sums are then the dense exchange's bit for bit (a + b is b + a), and the lazy
     * rows replay the whole-matrix update's arithmetic, so the trained weights are the same bits.
     */
    @Test
    void exchangingOnlyTheBatchesWordEmbeddingRowsGivesTheDenseResult(@TempDir Path tmp) throws Exception {
        replayAndCompare("train_seqcls", 2, tmp.resolve("sparse"), null, 0);
        ReplicaTrainer.sparseEmbeddings = false;
        try {
            replayAndCompare("train_seqcls", 2, tmp.resolve("dense"), null, 0);
        } finally {
            ReplicaTrainer.sparseEmbeddings = true;
        }
        assertEquals(-1, Files.mismatch(tmp.resolve("sparse/final/model.safetensors"),
                tmp.resolve("dense/final/model.safetensors")));
    }

    /**
     * Each replica updating its part of the parameters (ZeRO stage 1) and taking the others' parts
     * gives the bits of every replica updating all of them (two replicas: a sum in either order),
     * also across a crash resumed from a checkpoint, whose moments the replicas gather first. With
     * three replicas the order of a float's sum follows the ring's chunks, which the shards move,
     * so the resumed run is compared with an undisturbed sharded one. Pretraining ties the word
     * embeddings to the decoder, so they are sharded too.
     */
    @ParameterizedTest(name = "{0} with {1} workers")
    @CsvSource({"train_seqcls, 2", "train_pretraining, 2", "train_pretraining, 3"})
    void aShardedUpdateGivesTheReplicatedUpdatesBits(String name, int workers, @TempDir Path tmp) throws Exception {
        ReplicaTrainer.shardedUpdate = workers > 2;
        try {
            train(name, workers, tmp.resolve("reference"), null, 0, -1);
        } finally {
            ReplicaTrainer.shardedUpdate = true;
        }
        java.util.concurrent.atomic.AtomicBoolean crashed = new java.util.concurrent.atomic.AtomicBoolean();
        ReplicaTrainer.beforeStep = (rank, step) -> {
            if (rank == workers - 1 && step == 5 && crashed.compareAndSet(false, true)) {
                throw new IllegalStateException("injected crash before step 5");
            }
        };
        try {
            train(name, workers, tmp.resolve("sharded"), tmp.resolve("checkpoints").toString(), 2, -1);
        } finally {
            ReplicaTrainer.beforeStep = (rank, step) -> { };
        }
        assertTrue(crashed.get());
        assertEquals(-1, Files.mismatch(tmp.resolve("reference/final/model.safetensors"),
                tmp.resolve("sharded/final/model.safetensors")));
    }

    @Test
    void aCrashedTaskIsRetriedByTheStageAndResumesFromTheNewestCheckpoint(@TempDir Path tmp) throws Exception {
        java.util.concurrent.atomic.AtomicBoolean crashed = new java.util.concurrent.atomic.AtomicBoolean();
        ReplicaTrainer.beforeStep = (rank, step) -> {
            if (rank == 1 && step == 5 && crashed.compareAndSet(false, true)) {
                throw new IllegalStateException("injected crash before step 5");
            }
        };
        Path checkpoints = tmp.resolve("checkpoints");
        try {
            replayAndCompare("train_seqcls", 2, tmp, checkpoints.toString(), 2);
        } finally {
            ReplicaTrainer.beforeStep = (rank, step) -> { };
        }
        assertTrue(crashed.get());
        // Steps 2 and 4 were saved before the crash, step 6 after the resume; the newest two are kept.
        try (var files = Files.list(checkpoints)) {
            assertEquals(List.of("checkpoint-4", "checkpoint-6"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    /**
     * Dropout masks are drawn from a generator seeded by (seed, rank, step), so a run resumed from a
     * checkpoint draws the masks the undisturbed run drew and ends with its weights, bit for bit.
     */
    @Test
    void aResumedRunWithDropoutEndsWithTheUndisturbedRunsWeights(@TempDir Path tmp) throws Exception {
        train("train_seqcls", 1, tmp.resolve("undisturbed"), null, 0, 0.1);
        train("train_seqcls", 1, tmp.resolve("dropout-again"), null, 0, 0.1);
        java.util.concurrent.atomic.AtomicBoolean crashed = new java.util.concurrent.atomic.AtomicBoolean();
        ReplicaTrainer.beforeStep = (rank, step) -> {
            if (step == 5 && crashed.compareAndSet(false, true)) {
                throw new IllegalStateException("injected crash before step 5");
            }
        };
        try {
            train("train_seqcls", 1, tmp.resolve("resumed"), tmp.resolve("checkpoints").toString(), 2, 0.1);
        } finally {
            ReplicaTrainer.beforeStep = (rank, step) -> { };
        }
        assertTrue(crashed.get());
        Path undisturbed = tmp.resolve("undisturbed/final/model.safetensors");
        assertEquals(-1, Files.mismatch(undisturbed, tmp.resolve("dropout-again/final/model.safetensors")),
                "two runs with the same seed draw the same masks");
        assertEquals(-1, Files.mismatch(undisturbed, tmp.resolve("resumed/final/model.safetensors")),
                "the resumed run continues with the undisturbed run's masks");
    }

    private void replayAndCompare(String name, int workers, Path tmp, String checkpointDir, int checkpointSteps)
            throws Exception {
        Path dir = SparkTestSession.fixtures().resolve(name);
        JsonObject traj = JsonParser.parseString(Files.readString(dir.resolve("trajectory.json"))).getAsJsonObject();
        JsonObject tol = JsonParser.parseString(Files.readString(SparkTestSession.fixtures().resolve("manifest.json")))
                .getAsJsonObject().getAsJsonObject("tolerance");
        int steps = traj.get("steps").getAsInt();
        List<StepRecord> history = train(name, workers, tmp, checkpointDir, checkpointSteps, -1);
        int batch = (int) history.get(0).examples();
        Path out = tmp.resolve("final");
        double lossTol = tol.get("loss_rel").getAsDouble();
        assertEquals(steps, history.size());
        for (StepRecord r : history) {
            double loss = traj.getAsJsonArray("losses").get(r.step()).getAsDouble();
            double norm = traj.getAsJsonArray("grad_norms_before_clip").get(r.step()).getAsDouble();
            assertEquals(traj.getAsJsonArray("lrs").get(r.step()).getAsDouble(), r.learningRate(), 1e-12);
            assertTrue(Math.abs(r.loss() - loss) <= lossTol * Math.abs(loss), "loss at step " + r.step() + ": "
                    + r.loss() + " vs HF " + loss);
            assertTrue(Math.abs(r.gradNorm() - norm) <= lossTol * norm, "grad norm at step " + r.step() + ": "
                    + r.gradNorm() + " vs HF " + norm);
            assertEquals(batch, r.examples());
        }
        try (NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            SafeTensors expected = SafeTensors.open(dir.resolve("final/model.safetensors"));
            SafeTensors actual = SafeTensors.open(out.resolve("model.safetensors"));
            for (String key : expected.getTensors().keySet()) {
                float[] e = expected.read(key, m).toFloatArray();
                float[] a = actual.read(key, m).toFloatArray();
                for (int i = 0; i < e.length; i++) {
                    assertTrue(Math.abs(e[i] - a[i]) <= tol.get("weights_abs").getAsDouble(), key + "[" + i + "]");
                }
            }
        }
    }

    /**
     * Each epoch after the first reshuffles (seeded), as HF's sampler does: with the learning rate at
     * 0 every example keeps its loss, so epoch 1's steps sum to epoch 0's (each example once per
     * epoch) in another grouping; 1 and 2 workers see the same batches.
     */
    @Test
    void everyEpochVisitsEachExampleOnceInANewOrder(@TempDir Path tmp) throws Exception {
        List<StepRecord> one = train("train_seqcls", 1, tmp.resolve("one"), null, 0, 0, 2, 0);
        List<StepRecord> two = train("train_seqcls", 2, tmp.resolve("two"), null, 0, 0, 2, 0);
        int perEpoch = one.size() / 2;
        assertEquals(16, one.size());
        double[] epochSum = new double[2];
        boolean reordered = false;
        for (int s = 0; s < one.size(); s++) {
            assertEquals(one.get(s).loss(), two.get(s).loss(), 1e-5 * one.get(s).loss(), "step " + s);
            epochSum[s / perEpoch] += one.get(s).loss() * one.get(s).examples();
            reordered |= s >= perEpoch && Math.abs(one.get(s).loss() - one.get(s - perEpoch).loss()) > 1e-3;
        }
        assertEquals(epochSum[0], epochSum[1], 1e-5 * epochSum[0], "each example once per epoch");
        assertTrue(reordered, "epoch 1 groups the examples into other batches");
    }

    /**
     * With trainingPrecision bf16 the replicas run the encoder through the bf16 training module:
     * the steps differ from fp32's, yet 1 and 2 workers stay within 1% of HF's fp32 losses and
     * gradient norms (the fixture's small weights keep bf16's rounding small).
     */
    @Test
    void bf16TrainingStaysNearHfsFloat32Trajectory(@TempDir Path tmp) throws Exception {
        JsonObject traj = JsonParser.parseString(Files.readString(SparkTestSession.fixtures()
                .resolve("train_seqcls/trajectory.json"))).getAsJsonObject();
        List<StepRecord> fp32 = train("train_seqcls", 1, tmp.resolve("fp32"), null, 0, -1);
        trainingPrecision = "bf16";
        try {
            for (int workers : new int[] {1, 2}) {
                List<StepRecord> bf16 = train("train_seqcls", workers, tmp.resolve("bf16-" + workers), null, 0, -1);
                boolean differs = false;
                for (StepRecord r : bf16) {
                    double loss = traj.getAsJsonArray("losses").get(r.step()).getAsDouble();
                    double norm = traj.getAsJsonArray("grad_norms_before_clip").get(r.step()).getAsDouble();
                    assertEquals(loss, r.loss(), 0.01 * loss, workers + " workers, loss at step " + r.step());
                    assertEquals(norm, r.gradNorm(), 0.01 * norm, workers + " workers, grad norm at step " + r.step());
                    differs |= r.loss() != fp32.get(r.step()).loss() || r.gradNorm() != fp32.get(r.step()).gradNorm();
                }
                assertTrue(differs, workers + " workers: bf16 gave fp32's steps bit for bit");
            }
        } finally {
            trainingPrecision = "fp32";
        }
    }

    private List<StepRecord> train(String name, int workers, Path tmp, String checkpointDir, int checkpointSteps,
            double dropout) throws Exception {
        return train(name, workers, tmp, checkpointDir, checkpointSteps, dropout, 1, -1);
    }

    /**
     * Replays the fixture's batches with {@code workers} replicas for {@code epochs} passes;
     * {@code dropout} >= 0 replaces the config's, {@code learningRate} >= 0 the fixture's.
     */
    private List<StepRecord> train(String name, int workers, Path tmp, String checkpointDir, int checkpointSteps,
            double dropout, int epochs, double learningRate) throws Exception {
        Path dir = SparkTestSession.fixtures().resolve(name);
        JsonObject traj = JsonParser.parseString(Files.readString(dir.resolve("trajectory.json"))).getAsJsonObject();
        Objective objective = traj.get("hf_class").getAsString().equals("BertForPreTraining") ? Objective.PRETRAINING
                : Objective.SEQUENCE_CLASSIFICATION;
        int steps = traj.get("steps").getAsInt();
        List<Example> examples = examples(dir.resolve("batches.safetensors"), steps, objective);
        int batch = examples.size() / steps;
        List<String> noDecay = new ArrayList<>();
        traj.getAsJsonArray("no_decay").forEach(x -> noDecay.add(x.getAsString()));
        JsonArray betas = traj.getAsJsonArray("betas");
        Path out = tmp.resolve("final");
        String config = Files.readString(dir.resolve("initial/config.json"));
        if (dropout >= 0) {
            config = TrainingTests.withDropout(config, dropout);
        }
        TrainingPlan plan = new TrainingPlan(objective,
                new TrainingPlan.Start(config,
                        dir.resolve("initial").toString(), 0, 0),
                new TrainingPlan.Batching(workers, batch, 1, examples.size(), TrainingPasses.overheadTokens(
                        BertConfig.fromJson(config), Precision.of(trainingPrecision))),
                new TrainingPlan.Optimizer(learningRate >= 0 ? learningRate : traj.get("lr").getAsDouble(), traj.get("weight_decay").getAsDouble(), noDecay,
                        betas.get(0).getAsDouble(), betas.get(1).getAsDouble(), traj.get("eps").getAsDouble(),
                        traj.get("max_grad_norm").getAsDouble(), trainingPrecision),
                new TrainingPlan.Schedule(traj.get("scheduler").getAsString(), steps * epochs,
                        traj.get("warmup_steps").getAsInt()),
                new TrainingPlan.Checkpointing(out.toString(), checkpointDir, checkpointSteps),
                new TrainingPlan.Validation(0, 0, 0, 4),
                new TrainingPlan.Connection(RingSecurity.authenticated("test-secret"), 30_000, HadoopConf.ship(SparkTestSession.get()), null), null);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext());
        return BarrierTraining.run(jsc.parallelize(examples, 2), plan).steps();

    }

    static List<Example> examples(Path batches, int steps, Objective objective) throws Exception {
        List<Example> out = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            Map<String, NDArray> t = SafeTensors.open(batches).readAll(m);
            for (int s = 0; s < steps; s++) {
                String p = "input.step" + s + ".";
                NDArray ids = t.get(p + "input_ids");
                int rows = (int) ids.getShape().get(0);
                for (int r = 0; r < rows; r++) {
                    long[] labels = t.get(p + "labels").get(r).toLongArray();
                    boolean pretraining = objective == Objective.PRETRAINING;
                    out.add(new Example((long) s * rows + r, ids.get(r).toLongArray(),
                            t.get(p + "token_type_ids").get(r).toLongArray(),
                            t.get(p + "attention_mask").get(r).toLongArray(), 1, pretraining ? -1 : labels[0], null,
                            pretraining ? labels : null,
                            pretraining ? t.get(p + "next_sentence_label").get(r).toLongArray()[0] : -1));
                }
            }
        }
        return out;
    }
}
