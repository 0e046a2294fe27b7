package dev.sparkbert.training.param;

import dev.sparkbert.ml.param.BertStageParams;

/**
 * Every param of a spark-bert estimator beyond its task's: the stage params shared with the
 * inference models, and the training params in groups (optimizer, schedule, batching,
 * checkpoints, validation), named and defaulted as HF's {@code TrainingArguments}.
 */
public interface TrainingParams<S extends TrainingParams<S>> extends BertStageParams<S>, OptimizerParams<S>,
        ScheduleParams<S>, BatchingParams<S>, CheckpointParams<S>, ValidationParams<S> {}
