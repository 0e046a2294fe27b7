package dev.sparkbert.training.distributed;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertHeads;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.optim.AdamW;
import dev.sparkbert.core.optim.LocalTrainer;
import dev.sparkbert.core.optim.LrSchedule;
import dev.sparkbert.core.util.ActivationBudget;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.util.Lists;
import dev.sparkbert.core.weights.BertWeights;
import dev.sparkbert.ml.exec.ModelLocation;
import dev.sparkbert.training.data.Example;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;

/**
 * One replica of data-parallel training, run inside a barrier task. Every step: count loss terms
 * and all-reduce the counts; forward and backward over the local micro-batches with each term
 * weighted by local / global count; all-reduce all gradients (and the loss) in one fused buffer;
 * clip the global norm; the same AdamW update as every other replica.
 */
public final class ReplicaTrainer {

    /** Exchanges small strings between replicas (the barrier's allGather); used to compare checksums. */
    public interface Gather {
        List<String> allGather(String message);
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.sparkbert.training");

    /**
     * Replicas that share a JVM (several task slots in one executor, or local mode) take turns in
     * native code: they share PyTorch's intra-op thread pool, so each uses all the executor's cores
     * in its turn (see {@link BarrierTraining}). The all-reduce and the barrier's allGather run
     * outside the lock, or replicas would wait on each other forever.
     */
    private static final Object NATIVE = new Object();

    /**
     * Called with (rank, step) before every step; a test sets it to throw, as a crashing task would,
     * to check that Spark's retry resumes from the checkpoint.
     */
    static volatile java.util.function.BiConsumer<Integer, Integer> beforeStep = (rank, step) -> { };

    private final TrainingPlan plan;
    private final int rank;

    public ReplicaTrainer(TrainingPlan plan, int rank) {
        this.plan = plan;
        this.rank = rank;
    }

    /**
     * Trains on this replica's examples and returns the per-step history (identical on every rank).
     * Rank 0 writes the final checkpoint to the plan's output folder.
     */
    public TrainingHistory train(List<Example> examples, RingAllReduce ring, Gather gather) throws IOException {
        examples.sort(Comparator.comparingLong(Example::index));
        List<Example> mine = new ArrayList<>();
        List<Example> evalSet = new ArrayList<>();
        for (Example e : examples) {
            (e.index() < plan.numExamples() ? mine : evalSet).add(e);
        }
        List<EvalRecord> evals = new ArrayList<>();
        BertConfig config = BertConfig.fromJson(plan.configJson());
        Path initial = ModelLocation.localCopy(plan.initialCheckpoint(), new Configuration());
        List<StepRecord> history = new ArrayList<>();
        // Dropout masks come from PyTorch's default generator. Engine.setRandomSeed is not called: with
        // DJL 0.36 / PyTorch 2.7.1 CPU, torch::manual_seed before a large backward crashed the JVM
        // (SIGSEGV in memcpy), reproducibly on MiniLM; that was before the freed-constant bug was found
        // (core.util.Scalars) and may have been it, but it has not been retried.
        NDManager manager;
        BertNetwork net = BertHeads.create(plan.objective().architecture(), config);
        LocalTrainer trainer;
        Configuration hadoop = new Configuration();
        java.util.Optional<Checkpoints.Found> resume = plan.checkpointSteps() > 0
                ? Checkpoints.latest(plan, hadoop) : java.util.Optional.empty();
        synchronized (NATIVE) {
            manager = NDManager.newBaseManager(Engines.PYTORCH);
            BertWeights.load(net, initial, manager, plan.seed());
            AdamW adamw = AdamW.builder().setParameters(net.namedParameters()).optBetas(plan.beta1(), plan.beta2())
                    .optEpsilon(plan.epsilon()).optWeightDecay(plan.weightDecay()).optNoDecay(plan.noDecay())
                    .build();
            trainer = new LocalTrainer(net, adamw, plan.maxGradNorm());
            if (resume.isPresent()) {
                Checkpoints.restore(resume.get(), net, adamw, manager, hadoop);
                history.addAll(resume.get().history().steps());
                evals.addAll(resume.get().history().evals());
                if (rank == 0) {
                    LOG.info("resuming from " + resume.get().dir() + " after step " + resume.get().stepsDone());
                }
            }
        }
        try {
            LrSchedule schedule = LrSchedule.builder().setType(plan.schedule()).setTotalSteps(plan.totalSteps())
                    .optWarmupSteps(plan.warmupSteps()).optBaseLearningRate(plan.learningRate()).build();
            int numLabels = config.getNumLabels();
            long stepsPerEpoch = (plan.numExamples() + plan.globalBatchSize() - 1) / plan.globalBatchSize();
            int firstStep = resume.map(Checkpoints.Found::stepsDone).orElse(0);
            // The data position follows from the step: skip what this epoch's earlier steps used.
            long resumeAt = (firstStep % stepsPerEpoch) * plan.globalBatchSize();
            int cursor = 0;
            while (cursor < mine.size() && mine.get(cursor).index() < resumeAt) {
                cursor++;
            }
            for (int step = firstStep; step < plan.totalSteps(); step++) {
                beforeStep.accept(rank, step);
                long t0 = System.nanoTime();
                long stepInEpoch = step % stepsPerEpoch;
                if (stepInEpoch == 0) {
                    cursor = 0; // a new epoch walks the same order again
                }
                long first = stepInEpoch * plan.globalBatchSize();
                List<Example> local = new ArrayList<>();
                while (cursor < mine.size() && mine.get(cursor).index() < first + plan.globalBatchSize()) {
                    local.add(mine.get(cursor++));
                }
                long[] localCounts = plan.objective().counts(local, numLabels);
                float[] counts = new float[localCounts.length + 1];
                for (int i = 0; i < localCounts.length; i++) {
                    counts[i] = localCounts[i];
                }
                counts[localCounts.length] = local.size();
                ring.sumInPlace(counts);
                long[] globalCounts = new long[localCounts.length];
                for (int i = 0; i < globalCounts.length; i++) {
                    globalCounts[i] = Math.round(counts[i]);
                }
                double localLoss = 0;
                java.nio.FloatBuffer fused = null;
                synchronized (NATIVE) {
                    for (List<Example> micro : memoryChunks(Lists.nearEqualParts(local, plan.gradientAccumulationSteps()), net)) {
                        long[] microCounts = plan.objective().counts(micro, numLabels);
                        boolean any = false;
                        for (long c : microCounts) {
                            any |= c > 0;
                        }
                        if (!any) {
                            continue;
                        }
                        Function<NDManager, dev.sparkbert.core.heads.BertInputs> inputs =
                                m -> plan.objective().inputs(micro, m, plan.padId());
                        localLoss += trainer.accumulate(inputs,
                                out -> plan.objective().loss(out, micro, microCounts, globalCounts));
                    }
                    if (ring.size() > 1) {
                        // One fused buffer in native memory: every gradient, then the loss.
                        fused = trainer.exportGradients(1);
                        fused.put(fused.capacity() - 1, (float) localLoss);
                    }
                }
                double globalLoss = localLoss;
                long r0 = System.nanoTime();
                if (fused != null) {
                    ring.sumInPlace(fused);
                    globalLoss = fused.get(fused.capacity() - 1);
                }
                double allReduceSeconds = (System.nanoTime() - r0) / 1e9;
                double lr = schedule.learningRate(step);
                double norm;
                synchronized (NATIVE) {
                    if (fused != null) {
                        trainer.importGradients();
                    }
                    norm = trainer.step(lr);
                }
                if (!Double.isFinite(norm) || !Double.isFinite(globalLoss)) {
                    // Fail loudly rather than hand back a model of NaNs (a learning rate too high, bad data).
                    throw new IllegalStateException("training diverged at step " + step + ": loss " + globalLoss
                            + ", gradient norm " + norm + " (replica " + rank + " of " + ring.size() + ")");
                }
                history.add(new StepRecord(step, globalLoss, lr, norm, Math.round(counts[localCounts.length]),
                        (System.nanoTime() - t0) / 1e9, allReduceSeconds));
                if (rank == 0 && plan.loggingSteps() > 0 && ((step + 1) % plan.loggingSteps() == 0
                        || step + 1 == plan.totalSteps())) {
                    logProgress(history);
                }
                if (plan.checksumSteps() > 0 && (step + 1) % plan.checksumSteps() == 0) {
                    verifyReplicas(net, gather, step);
                }
                boolean last = step + 1 == plan.totalSteps();
                if (plan.numEvalExamples() > 0 && (last || plan.evalSteps() > 0 && (step + 1) % plan.evalSteps() == 0)) {
                    evals.add(evaluate(step + 1, evalSet, trainer, ring, net));
                    if (rank == 0) {
                        EvalRecord e = evals.get(evals.size() - 1);
                        LOG.info(String.format("eval after step %d: loss %.4f accuracy %.4f (%d examples)", e.step(),
                                e.loss(), e.accuracy(), e.examples()));
                    }
                }
                if (plan.checkpointSteps() > 0 && (step + 1) % plan.checkpointSteps() == 0 && !last) {
                    if (rank == 0) {
                        synchronized (NATIVE) {
                            Checkpoints.save(plan, step + 1, net, trainer.getOptimizer(),
                                    new TrainingHistory(history, evals), hadoop);
                        }
                    }
                    // No replica runs ahead of a checkpoint that may yet fail to be written.
                    gather.allGather("checkpoint-" + (step + 1));
                }
            }
            verifyReplicas(net, gather, plan.totalSteps() - 1);
            if (rank == 0 && plan.outputDir() != null) {
                synchronized (NATIVE) {
                    writeCheckpoint(net, initial);
                }
            }
        } finally {
            synchronized (NATIVE) {
                trainer.close();
                manager.close();
            }
        }
        return new TrainingHistory(history, evals);
    }

    /**
     * Evaluates every replica's share of the validation examples (no dropout, no gradients) and
     * all-reduces the sums, so every replica gets the global validation loss and accuracy.
     */
    private EvalRecord evaluate(int stepsDone, List<Example> evalSet, LocalTrainer trainer, RingAllReduce ring,
            BertNetwork net) throws IOException {
        Objective objective = plan.objective();
        int numLabels = net.getConfig().getNumLabels();
        float[] sums = new float[2 * objective.terms() + 2];
        int batch = Math.max(1, plan.globalBatchSize() / plan.numWorkers() / plan.gradientAccumulationSteps());
        List<List<Example>> batches = new ArrayList<>();
        for (int from = 0; from < evalSet.size(); from += batch) {
            batches.add(evalSet.subList(from, Math.min(evalSet.size(), from + batch)));
        }
        synchronized (NATIVE) {
            for (List<Example> part : memoryChunks(batches, net)) {
                double[] s = trainer.evaluate(m -> objective.inputs(part, m, plan.padId()),
                        out -> objective.evalSums(out, part, numLabels));
                long[] counts = objective.counts(part, numLabels);
                for (int t = 0; t < objective.terms(); t++) {
                    sums[t] += (float) s[t];
                    sums[objective.terms() + t] += counts[t];
                }
                sums[2 * objective.terms()] += (float) s[objective.terms()];
                sums[2 * objective.terms() + 1] += (float) s[objective.terms() + 1];
            }
        }
        ring.sumInPlace(sums);
        double loss = 0;
        for (int t = 0; t < objective.terms(); t++) {
            loss += sums[objective.terms() + t] > 0 ? sums[t] / sums[objective.terms() + t] : 0;
        }
        float total = sums[2 * objective.terms() + 1];
        return new EvalRecord(stepsDone, loss, total > 0 ? sums[2 * objective.terms()] / total : Double.NaN,
                plan.numEvalExamples());
    }

    /** One line per step range: step, epoch, loss, learning rate, samples/s, ETA. */
    private void logProgress(List<StepRecord> history) {
        StepRecord last = history.get(history.size() - 1);
        int from = Math.max(0, history.size() - plan.loggingSteps());
        double seconds = 0;
        double loss = 0;
        long samples = 0;
        for (StepRecord r : history.subList(from, history.size())) {
            seconds += r.seconds();
            loss += r.loss();
            samples += r.examples();
        }
        int n = history.size() - from;
        double perStep = seconds / n;
        double epoch = (double) (last.step() + 1) * plan.globalBatchSize() / plan.numExamples();
        LOG.info(String.format("step %d/%d epoch %.2f loss %.4f lr %.3e samples/s %.1f ETA %.0fs", last.step() + 1,
                plan.totalSteps(), epoch, loss / n, last.learningRate(), samples / seconds,
                perStep * (plan.totalSteps() - last.step() - 1)));
    }

    /** Fails loudly if any replica's weights differ from the others' (checksum of every weight's bits). */
    private void verifyReplicas(BertNetwork net, Gather gather, int step) {
        long h = 1125899906842597L;
        synchronized (NATIVE) {
            for (Parameter p : net.namedParameters().values()) {
                for (float f : p.getArray().toFloatArray()) {
                    h = 31 * h + Float.floatToIntBits(f);
                }
            }
        }
        List<String> all = gather.allGather(Long.toHexString(h));
        if (all.stream().distinct().count() != 1) {
            throw new IllegalStateException("replica weights diverged after step " + step + ": checksums " + all);
        }
    }

    private void writeCheckpoint(BertNetwork net, Path initial) throws IOException {
        Path local = Files.createTempDirectory("spark-bert-trained");
        BertWeights.save(net, local);
        for (String name : List.of("tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json")) {
            if (Files.isRegularFile(initial.resolve(name))) {
                Files.copy(initial.resolve(name), local.resolve(name));
            }
        }
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(plan.outputDir());
        org.apache.hadoop.fs.FileSystem fs = out.getFileSystem(new Configuration());
        fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), out);
    }

    /**
     * Cuts each micro-batch into chunks whose activations malloc can reuse
     * ({@link ActivationBudget}); each chunk's loss is weighted by its own share of the global count,
     * so the gradient is the same sum in another order.
     */
    static List<List<Example>> memoryChunks(List<List<Example>> micros, BertNetwork net) {
        List<List<Example>> out = new ArrayList<>();
        for (List<Example> micro : micros) {
            int longest = 1;
            int choices = 1;
            for (Example e : micro) {
                choices = e.choices();
                longest = Math.max(longest, e.inputIds().length / e.choices());
            }
            out.addAll(Lists.partsOfAtMost(micro, Math.max(1, ActivationBudget.maxSequences(net, longest) / choices)));
        }
        return out;
    }
}
