package dev.sparkbert.training.distributed;

import java.io.Serializable;
import java.util.List;

/**
 * Everything a replica needs to train, decided on the driver and shipped with the barrier tasks.
 *
 * @param objective the head and its loss
 * @param configJson the HF config.json of the network to train (labels included)
 * @param initialCheckpoint the HF checkpoint folder to start from (a path every worker can read, or
 *     {@code embedded}); weights it lacks are initialised from {@code seed}
 * @param numWorkers replicas (barrier tasks)
 * @param globalBatchSize examples per optimizer step over all workers
 * @param gradientAccumulationSteps micro-batches each worker splits its share of a step into
 * @param totalSteps optimizer steps
 * @param numExamples training examples (global indices 0..numExamples-1, in training order)
 * @param learningRate base learning rate
 * @param schedule HF scheduler type
 * @param warmupSteps linear warm-up steps
 * @param weightDecay decoupled weight decay (not applied to {@code noDecay} names)
 * @param noDecay parameter-name substrings without weight decay
 * @param beta1 Adam beta1
 * @param beta2 Adam beta2
 * @param epsilon Adam epsilon
 * @param maxGradNorm global-norm clipping (0: none)
 * @param seed seed for new weights
 * @param padId the padding token id
 * @param secret per-job secret every all-reduce connection must present
 * @param checksumSteps compare replica weights every this many steps (0: only at the end)
 * @param timeoutMillis socket timeout of the all-reduce
 * @param outputDir where rank 0 writes the trained checkpoint (Hadoop path), or null
 * @param loggingSteps rank 0 logs a progress line every this many steps (0: never)
 * @param checkpointDir where rank 0 writes training checkpoints to resume from (Hadoop path), or null
 * @param checkpointSteps write a checkpoint every this many steps (0: never)
 * @param numEvalExamples validation examples (global indices numExamples..numExamples+numEvalExamples-1)
 * @param evalSteps evaluate on them every this many steps (0: only after the last step)
 */
public record TrainingPlan(Objective objective, String configJson, String initialCheckpoint, int numWorkers,
        int globalBatchSize, int gradientAccumulationSteps, int totalSteps, long numExamples, double learningRate,
        String schedule, int warmupSteps, double weightDecay, List<String> noDecay, double beta1, double beta2,
        double epsilon, double maxGradNorm, long seed, long padId, String secret, int checksumSteps,
        long timeoutMillis, String outputDir, int loggingSteps, String checkpointDir, int checkpointSteps,
        long numEvalExamples, int evalSteps) implements Serializable {

    /** The worker that holds the example at global position {@code index} (validation examples: round robin). */
    public int workerOf(long index) {
        if (index >= numExamples) {
            return (int) ((index - numExamples) % numWorkers);
        }
        long within = index % globalBatchSize;
        return (int) (within * numWorkers / globalBatchSize);
    }
}
