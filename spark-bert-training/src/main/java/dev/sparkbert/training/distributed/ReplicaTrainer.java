package dev.sparkbert.training.distributed;

import ai.djl.ndarray.NDManager;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertHead;
import dev.sparkbert.core.heads.BertHeads;
import dev.sparkbert.core.loss.LossTarget;
import dev.sparkbert.core.nn.BertModel;
import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.optim.AdamW;
import dev.sparkbert.core.optim.LocalTrainer;
import dev.sparkbert.core.optim.LrSchedule;
import dev.sparkbert.core.optim.TrainingPasses;
import dev.sparkbert.core.precision.Precision;
import dev.sparkbert.core.precision.TrainingEncoder;
import dev.sparkbert.core.loss.Losses;
import dev.sparkbert.core.util.ActivationBudget;
import dev.sparkbert.core.util.Engines;
import dev.sparkbert.core.weights.BertWeights;
import dev.sparkbert.ml.exec.ModelLocation;
import dev.sparkbert.training.comm.MessageChannel;
import dev.sparkbert.training.comm.RingAllReduce;
import dev.sparkbert.training.data.Example;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * One replica of data-parallel training, run inside a barrier task. Each {@link #step}: count the
 * items of every loss term in the local micro-batches and all-reduce the counts; forward and
 * backward with each term's sum divided by its global count; sum all gradients (and the loss)
 * where they live ({@link GradientExchange}); clip the global norm; AdamW, each replica on its part
 * of the parameters (ZeRO stage 1) and the updated parts exchanged, so every replica ends the step
 * with the same weights.
 * Around the steps, {@link TrainingListener}s report progress, evaluate, compare replicas and
 * write checkpoints.
 */
public final class ReplicaTrainer {

    /**
     * Exchanges small strings between replicas through the barrier's allGather, which waits without
     * a timeout (a replica waits there while rank 0 writes a checkpoint) and polls once a second.
     */
    public interface Gather {
        List<String> allGather(String message);
    }

    /** Loss terms a step all-reduces counts for; no head has more than two. */
    static final int MAX_LOSS_TERMS = 4;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.sparkbert.training");

    /**
     * Called with (rank, step) before every step; a test sets it to throw, as a crashing task would,
     * to check that Spark's retry resumes from the checkpoint.
     */
    static volatile java.util.function.BiConsumer<Integer, Integer> beforeStep = haltFromProperty(
            System.getProperty("dev.sparkbert.faultInjection.haltBeforeStep"));

    /** Whether only the step's word-embedding rows travel ({@link GradientExchange}); tests compare with off. */
    static volatile boolean sparseEmbeddings = true;

    /** Whether replicas shard the update ({@link GradientExchange}, ZeRO stage 1); tests compare with off. */
    static volatile boolean shardedUpdate = true;

    /**
     * Fault injection for tests of executor loss: {@code RANK:STEP:MARKER} (from the JVM option
     * {@code -Ddev.sparkbert.faultInjection.haltBeforeStep}) halts the JVM of replica RANK before step
     * STEP, as a killed executor, once: only if it can create the file MARKER.
     */
    static java.util.function.BiConsumer<Integer, Integer> haltFromProperty(String spec) {
        if (spec == null) {
            return (rank, step) -> { };
        }
        String[] p = spec.split(":", 3);
        int haltRank = Integer.parseInt(p[0]);
        int haltStep = Integer.parseInt(p[1]);
        Path marker = Path.of(p[2]);
        return (rank, step) -> {
            if (rank == haltRank && step == haltStep) {
                try {
                    Files.createFile(marker);
                } catch (IOException alreadyHalted) {
                    return;
                }
                LOG.warn("fault injection: halting this JVM before step " + step);
                Runtime.getRuntime().halt(137);
            }
        };
    }

    private final TrainingPlan plan;
    private final int rank;
    private final RingAllReduce ring;
    private final Gather gather;
    private final List<TrainingListener> listeners = List.of(new ProgressLog(), new ReplicaChecksum(),
            new Validation(), new CheckpointWriter());

    private final MessageChannel driver;

    /** @param driver rank 0's channel to the driver's progress receiver, or null */
    public ReplicaTrainer(TrainingPlan plan, int rank, RingAllReduce ring, Gather gather, MessageChannel driver) {
        this.plan = plan;
        this.rank = rank;
        this.ring = ring;
        this.gather = gather;
        this.driver = driver;
    }

    /**
     * Trains on this replica's examples and returns the history (identical on every rank). Rank 0
     * writes the trained checkpoint to the plan's output folder.
     */
    public TrainingHistory train(List<Example> examples) throws IOException {
        examples.sort(Comparator.comparingLong(Example::index));
        long numTrain = plan.trainingSlots();
        List<Example> mine = examples.stream().filter(e -> e.index() < numTrain).map(this::masked).toList();
        List<Example> evalSet = examples.stream().filter(e -> e.index() >= numTrain).map(this::masked).toList();
        Configuration hadoop = plan.connection().hadoop().get();
        Path initial = ModelLocation.localCopy(plan.start().checkpoint(), hadoop);
        BertNetwork net = BertHeads.create(plan.objective().architecture(), BertConfig.fromJson(plan.start().configJson()));
        Optional<Checkpoints.Found> resume = plan.checkpoints().steps() > 0 ? Checkpoints.latest(plan, hadoop)
                : Optional.empty();
        try (NDManager manager = NDManager.newBaseManager(Engines.PYTORCH)) {
            BertWeights.load(net, initial, manager, plan.start().seed());
            AdamW adamw = plan.optimizer().build(net);
            try (LocalTrainer trainer = new LocalTrainer(net, adamw, plan.optimizer().maxGradNorm());
                    TrainingEncoder encoder = trainingEncoder(net)) {
                GradientExchange exchange = new GradientExchange(net, trainer, sparseEmbeddings, shardedUpdate);
                ReplicaState state = new ReplicaState(plan, rank, ring, gather, net, trainer, exchange, evalSet, driver);
                if (resume.isPresent()) {
                    Checkpoints.restore(resume.get(), net, adamw, manager, hadoop);
                    state.steps.addAll(resume.get().history().steps());
                    state.evals.addAll(resume.get().history().evals());
                    if (rank == 0) {
                        state.report("resuming from " + resume.get().dir() + " after step " + resume.get().stepsDone());
                    }
                }
                LrSchedule schedule = plan.schedule().build(plan.optimizer().learningRate());
                if (exchange.sparseKey() != null) {
                    adamw.updateRowsLazily(exchange.sparseKey());
                }
                for (int step = resume.map(Checkpoints.Found::stepsDone).orElse(0);
                        step < plan.schedule().totalSteps(); step++) {
                    beforeStep.accept(rank, step);
                    StepRecord record = step(step, batchOf(mine, step), net, trainer, exchange,
                            schedule.learningRate(step));
                    state.steps.add(record);
                    for (TrainingListener l : listeners) {
                        l.onStepEnd(state, record);
                    }
                }
                adamw.flush();
                for (TrainingListener l : listeners) {
                    l.onTrainEnd(state);
                }
                if (rank == 0 && plan.checkpoints().outputDir() != null) {
                    writeCheckpoint(net, initial, hadoop);
                }
                return state.history();
            }
        }
    }

    /**
     * The encoder of the plan's training precision, in use by {@code net}'s passes; null for fp32
     * (DJL's blocks).
     */
    private TrainingEncoder trainingEncoder(BertNetwork net) {
        Precision precision = Precision.of(plan.optimizer().trainingPrecision());
        if (precision == Precision.FP32) {
            return null;
        }
        BertModel bert = net instanceof BertHead head ? head.getBert() : (BertModel) net;
        TrainingEncoder encoder = TrainingEncoder.compile(bert, precision, net.getArchitecture());
        bert.useTrainingEncoder(encoder);
        return encoder;
    }

    /** The example with the masks of its slot, when the plan draws masked-LM masks. */
    private Example masked(Example e) {
        return plan.masking() == null ? e : plan.masking().apply(e, plan.start().seed(), e.index());
    }

    /** This replica's examples of a step: those whose slot ({@link TrainingPlan#trainingSlots}) falls in the step's. */
    private List<Example> batchOf(List<Example> mine, int step) {
        long[] slots = plan.slotsOf(step);
        return mine.subList(lowerBound(mine, slots[0]), lowerBound(mine, slots[1]));
    }

    private static int lowerBound(List<Example> sorted, long index) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).index() < index) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** One optimizer step on this replica's share {@code local} of the global batch. */
    private StepRecord step(int step, List<Example> local, BertNetwork net, LocalTrainer trainer,
            GradientExchange exchange, double lr) throws IOException {
        long t0 = System.nanoTime();
        // A step's dropout masks are a function of (seed, rank, step): a run resumed from a
        // checkpoint draws the masks an undisturbed run would have drawn.
        Engines.seedGenerator(plan.start().seed(), rank, step);
        long padId = plan.start().padId();
        List<List<Example>> chunks = passes(local, (local.size() + plan.batching().gradientAccumulationSteps() - 1)
                / plan.batching().gradientAccumulationSteps(), net, plan.batching().passOverheadTokens());
        // Items per loss term, per pass and over all replicas (the last slot: examples).
        long[][] chunkCounts = new long[chunks.size()][];
        float[] counts = new float[MAX_LOSS_TERMS + 1 + exchange.maskSlots()];
        for (int c = 0; c < chunks.size(); c++) {
            try (NDManager scope = trainer.newScope()) {
                List<LossTarget> targets = net.lossTargets(plan.objective().inputs(chunks.get(c), scope, padId));
                chunkCounts[c] = targets.stream().mapToLong(LossTarget::count).toArray();
            }
            for (int t = 0; t < chunkCounts[c].length; t++) {
                counts[t] += chunkCounts[c][t];
            }
        }
        counts[MAX_LOSS_TERMS] = local.size();
        exchange.markTokens(local, counts, MAX_LOSS_TERMS + 1);
        // The passes read the word-embedding rows of this replica's tokens: bring them up to date.
        int[] localRows = exchange.rowsOf(counts, MAX_LOSS_TERMS + 1);
        if (localRows != null) {
            trainer.getOptimizer().catchUp(localRows);
        }
        ring.sumInPlace(counts);
        long[] global = new long[MAX_LOSS_TERMS];
        for (int t = 0; t < MAX_LOSS_TERMS; t++) {
            global[t] = Math.round(counts[t]);
        }
        double localLoss = 0;
        long p0 = System.nanoTime();
        for (int c = 0; c < chunks.size(); c++) {
            if (Arrays.stream(chunkCounts[c]).allMatch(n -> n == 0)) {
                continue;
            }
            List<Example> chunk = chunks.get(c);
            localLoss += trainer.accumulate(m -> plan.objective().inputs(chunk, m, padId),
                    out -> out.loss(Arrays.copyOf(global, out.lossTerms().size())));
        }
        long p1 = System.nanoTime();
        double globalLoss = localLoss;
        Map<String, FloatBuffer> gradients;
        double wait = 0;
        // Every replica's tokens: the word-embedding rows with a gradient (null: any row may have one).
        int[] touched = exchange.rowsOf(counts, MAX_LOSS_TERMS + 1);
        if (ring.size() > 1) {
            GradientExchange.Sum sum = exchange.sum(ring, touched, localLoss);
            globalLoss = sum.loss();
            gradients = sum.gradients();
            wait = sum.waitSeconds();
        } else {
            gradients = trainer.getOptimizer().gradientViews();
        }
        long u0 = System.nanoTime();
        double norm = trainer.step(lr, gradients, touched, exchange.shard(ring));
        long u1 = System.nanoTime();
        wait += exchange.gatherWeights(ring);
        long g1 = System.nanoTime();
        if (!Double.isFinite(norm) || !Double.isFinite(globalLoss)) {
            // Fail loudly rather than hand back a model of NaNs (a learning rate too high, bad data).
            throw new IllegalStateException("training diverged at step " + step + ": loss " + globalLoss
                    + ", gradient norm " + norm + " (replica " + rank + " of " + ring.size() + ")");
        }
        return new StepRecord(step, globalLoss, lr, norm, Math.round(counts[MAX_LOSS_TERMS]),
                (System.nanoTime() - t0) / 1e9, ring.size() > 1 ? (u0 - p1 + g1 - u1) / 1e9 : 0, (p1 - p0) / 1e9,
                (u1 - u0) / 1e9, wait);
    }

    private void writeCheckpoint(BertNetwork net, Path initial, Configuration hadoop) throws IOException {
        Path local = Files.createTempDirectory("spark-bert-trained");
        BertWeights.save(net, local);
        for (String name : List.of("tokenizer.json", "vocab.txt", "tokenizer_config.json", "special_tokens_map.json")) {
            if (Files.isRegularFile(initial.resolve(name))) {
                Files.copy(initial.resolve(name), local.resolve(name));
            }
        }
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(plan.checkpoints().outputDir());
        out.getFileSystem(hadoop).copyFromLocalFile(true, true, new org.apache.hadoop.fs.Path(local.toUri()), out);
    }

    /**
     * {@code examples} in forward/backward passes: longest first (ties by index), cut where a pass's
     * fixed cost is less than the padding it saves ({@link TrainingPasses#cut}), each pass within
     * {@code maxExamples} and within the activations malloc can reuse ({@link ActivationBudget}).
     * Each pass's loss is divided by the global count, so the gradient is the same sum in another
     * order. Language-model heads decode the labelled positions only ({@code Objective.inputs}), so
     * their vocabulary logits count per labelled token.
     */
    static List<List<Example>> passes(List<Example> examples, int maxExamples, BertNetwork net, int overheadTokens) {
        List<Example> sorted = new ArrayList<>(examples);
        sorted.sort(Comparator.comparingInt((Example e) -> -e.inputIds().length / e.choices())
                .thenComparingLong(Example::index));
        int[] lengths = new int[sorted.size()];
        int[] sequences = new int[sorted.size()];
        long labelled = 0;
        int choices = 1;
        for (int i = 0; i < lengths.length; i++) {
            Example e = sorted.get(i);
            choices = Math.max(choices, e.choices());
            sequences[i] = e.choices();
            lengths[i] = e.inputIds().length / e.choices();
            labelled = Math.max(labelled, e.tokenLabels() == null ? 0
                    : Arrays.stream(e.tokenLabels()).filter(l -> l != Losses.IGNORE_INDEX).count());
        }
        long maxLabelled = labelled;
        long maxSequences = (long) Math.max(1, maxExamples) * choices;
        int[] bounds = TrainingPasses.cut(lengths, sequences, overheadTokens, longest -> {
            int len = Math.max(1, longest);
            int perToken = (int) Math.min(net.perTokenOutputs(), (net.perTokenOutputs() * maxLabelled + len - 1) / len);
            return (int) Math.min(maxSequences, ActivationBudget.maxSequences(net.getConfig(), perToken, len));
        });
        List<List<Example>> out = new ArrayList<>();
        for (int p = 0; p + 1 < bounds.length; p++) {
            out.add(sorted.subList(bounds[p], bounds[p + 1]));
        }
        return out;
    }
}
