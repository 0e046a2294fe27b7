package dev.sparkbert.training.distributed;

import java.io.Serializable;

/**
 * One optimizer step as the driver reports it.
 *
 * @param step 0-based optimizer step
 * @param loss the global batch's loss (HF's value for the same batch)
 * @param learningRate the learning rate of this step
 * @param gradNorm global gradient norm before clipping
 * @param examples examples in the global batch
 * @param seconds wall time of the step on rank 0
 * @param allReduceSeconds time rank 0 spent exchanging gradients and, with a sharded update, the
 *     updated weights (with its wait for the other replicas)
 * @param passSeconds time rank 0 spent in its forward and backward passes
 * @param updateSeconds time rank 0 spent clipping, updating the weights (its part of them, with a
 *     sharded update) and zeroing the gradients
 * @param waitSeconds of {@code allReduceSeconds}, the time rank 0 waited for the previous replica of
 *     the ring to start sending (its passes, or with a sharded update its update, still running);
 *     the rest is the exchange itself
 */
public record StepRecord(int step, double loss, double learningRate, double gradNorm, long examples, double seconds,
        double allReduceSeconds, double passSeconds, double updateSeconds, double waitSeconds)
        implements Serializable {}
