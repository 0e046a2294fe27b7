package dev.sparkbert.training.distributed;

import dev.sparkbert.core.nn.BertNetwork;
import dev.sparkbert.core.optim.AdamW;
import dev.sparkbert.core.optim.LrSchedule;
import dev.sparkbert.core.optim.TrainingPasses;
import dev.sparkbert.ml.exec.HadoopConf;
import dev.sparkbert.training.comm.RingSecurity;
import dev.sparkbert.training.data.MlmMasking;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a replica needs to train, decided on the driver and shipped with the barrier tasks,
 * in groups as HF's {@code TrainingArguments} document them.
 *
 * @param objective the head and how examples become its inputs
 * @param start the network and the weights to start from
 * @param batching how examples are spread over replicas and steps
 * @param optimizer AdamW and clipping
 * @param schedule steps and learning-rate schedule
 * @param checkpoints where the trained model and resumable checkpoints go
 * @param validation validation examples, progress lines and replica checks
 * @param connection how replicas reach each other and the job's storage
 * @param masking masked-LM masks the replicas draw for every training slot and validation example
 *     (new ones each epoch), or null (static masks, or no masked LM)
 */
public record TrainingPlan(Objective objective, Start start, Batching batching, Optimizer optimizer,
        Schedule schedule, Checkpointing checkpoints, Validation validation, Connection connection,
        MlmMasking masking) implements Serializable {

    /**
     * @param configJson the HF config.json of the network to train (labels included)
     * @param checkpoint the HF checkpoint folder to start from (a path every worker can read, or
     *     {@code embedded}); weights it lacks are initialised from {@code seed}
     * @param seed seed for new weights, the epochs' order and masked-LM masks
     * @param padId the padding token id
     */
    public record Start(String configJson, String checkpoint, long seed, long padId) implements Serializable {}

    /**
     * @param numWorkers replicas (barrier tasks)
     * @param globalBatchSize examples per optimizer step over all workers
     * @param gradientAccumulationSteps a worker's passes hold at most its share of a step divided by this
     * @param numExamples training examples (global indices 0..numExamples-1, in training order)
     * @param passOverheadTokens the fixed cost of a forward/backward pass in padded positions
     *     ({@link TrainingPasses#overheadTokens}): where steps are dealt and cut into passes
     */
    public record Batching(int numWorkers, int globalBatchSize, int gradientAccumulationSteps, long numExamples,
            int passOverheadTokens) implements Serializable {

        /** Optimizer steps of one pass over the training examples. */
        public long stepsPerEpoch() {
            return (numExamples + globalBatchSize - 1) / globalBatchSize;
        }
    }

    /**
     * @param learningRate peak learning rate
     * @param weightDecay decoupled weight decay (not applied to {@code noDecay} names)
     * @param noDecay parameter-name substrings without weight decay
     * @param beta1 Adam beta1
     * @param beta2 Adam beta2
     * @param epsilon Adam epsilon
     * @param maxGradNorm global-norm clipping (0: none)
     * @param trainingPrecision {@link dev.sparkbert.core.precision.Precision} id of the encoder's
     *     forward and backward passes (fp32: DJL's blocks; bf16: {@link
     *     dev.sparkbert.core.precision.TrainingEncoder}); weights, gradients and AdamW stay float32
     */
    public record Optimizer(double learningRate, double weightDecay, List<String> noDecay, double beta1,
            double beta2, double epsilon, double maxGradNorm, String trainingPrecision) implements Serializable {

        /** A new AdamW over the network's parameters. */
        public AdamW build(BertNetwork net) {
            return AdamW.builder().setParameters(net.namedParameters()).optBetas(beta1, beta2).optEpsilon(epsilon)
                    .optWeightDecay(weightDecay).optNoDecay(noDecay).build();
        }
    }

    /**
     * @param type HF scheduler type
     * @param totalSteps optimizer steps
     * @param warmupSteps linear warm-up steps
     */
    public record Schedule(String type, int totalSteps, int warmupSteps) implements Serializable {

        /** The learning rate of every step, peaking at {@code learningRate}. */
        public LrSchedule build(double learningRate) {
            return LrSchedule.builder().setType(type).setTotalSteps(totalSteps).optWarmupSteps(warmupSteps)
                    .optBaseLearningRate(learningRate).build();
        }
    }

    /**
     * @param outputDir where rank 0 writes the trained checkpoint (Hadoop path), or null
     * @param dir where rank 0 writes training checkpoints to resume from (Hadoop path), or null
     * @param steps write a checkpoint every this many steps (0: never)
     */
    public record Checkpointing(String outputDir, String dir, int steps) implements Serializable {}

    /**
     * @param numExamples validation examples (global indices numExamples..numExamples+this-1 of the batching)
     * @param evalSteps evaluate on them every this many steps (0: only after the last step)
     * @param loggingSteps report a progress line every this many steps (0: never)
     * @param checksumSteps compare replica weights every this many steps (0: only at the end)
     */
    public record Validation(long numExamples, int evalSteps, int loggingSteps, int checksumSteps)
            implements Serializable {}

    /**
     * @param security how all-reduce connections prove themselves and whether they are encrypted
     * @param timeoutMillis socket timeout of the all-reduce
     * @param hadoop the job's Hadoop configuration (checkpoints, the starting weights)
     * @param progressAddress "host:port" of the driver's progress receiver, or null
     */
    public record Connection(RingSecurity security, long timeoutMillis, HadoopConf hadoop, String progressAddress)
            implements Serializable {}

    /**
     * The worker of each training example of one step, from (index, tokens) pairs: longest first
     * (ties by index), dealt in consecutive runs whose cost as one pass is balanced ({@link
     * TrainingPasses#deal}), so no worker waits long for the others at the all-reduce and each pads
     * little (the longest examples go to the workers with fewer).
     */
    public Map<Long, Integer> deal(Iterable<long[]> indexAndTokens) {
        List<long[]> step = new ArrayList<>();
        indexAndTokens.forEach(step::add);
        step.sort(Comparator.<long[]>comparingLong(x -> -x[1]).thenComparingLong(x -> x[0]));
        int[] tokens = step.stream().mapToInt(x -> (int) x[1]).toArray();
        int[] runs = TrainingPasses.deal(tokens, batching.numWorkers(), batching.passOverheadTokens());
        Map<Long, Integer> workers = new LinkedHashMap<>();
        for (int w = 0; w < batching.numWorkers(); w++) {
            for (int p = runs[w]; p < runs[w + 1]; p++) {
                workers.put(step.get(p)[0], w);
            }
        }
        return workers;
    }

    /** Passes over the training examples the schedule reaches into (the last may be partial). */
    public int epochs() {
        long perEpoch = batching.stepsPerEpoch();
        return (int) Math.max(1, (schedule.totalSteps() + perEpoch - 1) / perEpoch);
    }

    /**
     * Training slots, one per (epoch, training example): slot {@code e * n + p} is the example at
     * position p of epoch e's order ({@link EpochOrder}, seeded by the start's seed). Indices from
     * here on are validation examples.
     */
    public long trainingSlots() {
        return epochs() * batching.numExamples();
    }

    /** The slot of training example {@code example} (0..n-1) in epoch {@code epoch}. */
    public long slotOf(long example, int epoch) {
        return epoch * batching.numExamples()
                + new EpochOrder(batching.numExamples(), start.seed()).positionOf(example, epoch);
    }

    /** The optimizer step a training slot falls in (an epoch's last step may be short). */
    public long stepOf(long slot) {
        long n = batching.numExamples();
        return slot / n * batching.stepsPerEpoch() + slot % n / batching.globalBatchSize();
    }

    /** The first training slot of {@code step} and the first after it. */
    public long[] slotsOf(long step) {
        long n = batching.numExamples();
        long epoch = step / batching.stepsPerEpoch();
        long first = epoch * n + step % batching.stepsPerEpoch() * batching.globalBatchSize();
        return new long[] {first, Math.min(first + batching.globalBatchSize(), (epoch + 1) * n)};
    }

    /** The worker that holds validation example {@code index} (round robin). */
    public int validationWorkerOf(long index) {
        return (int) ((index - trainingSlots()) % batching.numWorkers());
    }
}
