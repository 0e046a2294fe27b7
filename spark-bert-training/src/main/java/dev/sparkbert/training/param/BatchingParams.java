package dev.sparkbert.training.param;

import dev.sparkbert.ml.param.BertParams;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.ParamValidators;

/**
 * How examples are spread over replicas and steps: the global batch is perWorkerBatchSize x
 * numWorkers x gradientAccumulationSteps; {@code seed} fixes the data order and new weights.
 */
public interface BatchingParams<S extends BatchingParams<S>> extends BertParams<S> {

    default IntParam numWorkers() {
        return intParam("numWorkers", "model replicas (barrier tasks); each needs a task slot", 1, ParamValidators.gt(0));
    }

    default IntParam perWorkerBatchSize() {
        return intParam("perWorkerBatchSize", "examples per worker per optimizer step (HF's"
                + " per_device_train_batch_size)", 8, ParamValidators.gt(0));
    }

    default IntParam gradientAccumulationSteps() {
        return intParam("gradientAccumulationSteps", "micro-batches per optimizer step on each worker", 1,
                ParamValidators.gt(0));
    }

    default LongParam seed() {
        return longParam("seed", "seed of data shuffling and new weights", 42L);
    }

    default int getNumWorkers() {
        return (Integer) getOrDefault(numWorkers());
    }

    default int getPerWorkerBatchSize() {
        return (Integer) getOrDefault(perWorkerBatchSize());
    }

    default int getGradientAccumulationSteps() {
        return (Integer) getOrDefault(gradientAccumulationSteps());
    }

    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    default S setNumWorkers(int value) {
        return with(numWorkers(), value);
    }

    default S setPerWorkerBatchSize(int value) {
        return with(perWorkerBatchSize(), value);
    }

    default S setGradientAccumulationSteps(int value) {
        return with(gradientAccumulationSteps(), value);
    }

    default S setSeed(long value) {
        return with(seed(), value);
    }
}
