package dev.sparkbert.training.param;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;

/** The training params, named after HF {@code TrainingArguments}; defined once, created per owner. */
public final class TrainingParams {

    private TrainingParams() {}

    public static DoubleParam learningRate(Identifiable o) {
        return new DoubleParam(o, "learningRate", "peak learning rate of AdamW (> 0)", ParamValidators.gt(0));
    }

    public static DoubleParam weightDecay(Identifiable o) {
        return new DoubleParam(o, "weightDecay", "decoupled weight decay, not applied to biases and LayerNorm weights",
                ParamValidators.gtEq(0));
    }

    public static DoubleParam adamBeta1(Identifiable o) {
        return new DoubleParam(o, "adamBeta1", "AdamW beta1", ParamValidators.inRange(0, 1, true, false));
    }

    public static DoubleParam adamBeta2(Identifiable o) {
        return new DoubleParam(o, "adamBeta2", "AdamW beta2", ParamValidators.inRange(0, 1, true, false));
    }

    public static DoubleParam adamEpsilon(Identifiable o) {
        return new DoubleParam(o, "adamEpsilon", "AdamW epsilon", ParamValidators.gtEq(0));
    }

    public static DoubleParam maxGradNorm(Identifiable o) {
        return new DoubleParam(o, "maxGradNorm", "clip the global gradient norm to this (0: no clipping)",
                ParamValidators.gtEq(0));
    }

    public static DoubleParam numTrainEpochs(Identifiable o) {
        return new DoubleParam(o, "numTrainEpochs", "passes over the training data (ignored when maxSteps > 0)",
                ParamValidators.gt(0));
    }

    public static IntParam maxSteps(Identifiable o) {
        return new IntParam(o, "maxSteps", "optimizer steps to train for; -1 to use numTrainEpochs",
                ParamValidators.gtEq(-1));
    }

    public static Param<String> lrSchedulerType(Identifiable o) {
        return new Param<>(o, "lrSchedulerType", "constant, constant_with_warmup, linear, cosine,"
                + " cosine_with_restarts or polynomial", ParamValidators.inArray(dev.sparkbert.core.optim.LrSchedule.TYPES
                        .toArray(new String[0])));
    }

    public static IntParam warmupSteps(Identifiable o) {
        return new IntParam(o, "warmupSteps", "linear warm-up steps (overrides warmupRatio when > 0)",
                ParamValidators.gtEq(0));
    }

    public static DoubleParam warmupRatio(Identifiable o) {
        return new DoubleParam(o, "warmupRatio", "warm-up as a fraction of the training steps",
                ParamValidators.inRange(0, 1));
    }

    public static IntParam perWorkerBatchSize(Identifiable o) {
        return new IntParam(o, "perWorkerBatchSize", "examples per worker per optimizer step (HF's"
                + " per_device_train_batch_size)", ParamValidators.gt(0));
    }

    public static IntParam gradientAccumulationSteps(Identifiable o) {
        return new IntParam(o, "gradientAccumulationSteps", "micro-batches per optimizer step on each worker",
                ParamValidators.gt(0));
    }

    public static LongParam seed(Identifiable o) {
        return new LongParam(o, "seed", "seed of data shuffling and new weights");
    }

    public static IntParam numWorkers(Identifiable o) {
        return new IntParam(o, "numWorkers", "model replicas (barrier tasks); each needs a task slot",
                ParamValidators.gt(0));
    }

    public static Param<String> checkpointDir(Identifiable o) {
        return new Param<>(o, "checkpointDir", "folder (any Hadoop FileSystem, shared by all workers on a cluster)"
                + " where training checkpoints and the trained checkpoint are written; empty: a temporary folder on the"
                + " driver (local mode)");
    }

    public static DoubleParam validationFraction(Identifiable o) {
        return new DoubleParam(o, "validationFraction", "share of the (shuffled) training examples held out for"
                + " validation (0: none, unless validation data is given)", ParamValidators.inRange(0, 1, true, false));
    }

    public static IntParam evalSteps(Identifiable o) {
        return new IntParam(o, "evalSteps", "evaluate on the validation examples every this many steps (0: only after"
                + " the last step)", ParamValidators.gtEq(0));
    }

    public static IntParam checkpointSteps(Identifiable o) {
        return new IntParam(o, "checkpointSteps", "write a resumable checkpoint to checkpointDir every this many steps"
                + " (0: never); a retried or restarted fit with the same settings resumes from the newest",
                ParamValidators.gtEq(0));
    }

    public static IntParam loggingSteps(Identifiable o) {
        return new IntParam(o, "loggingSteps", "log a progress line every this many steps (0: never)",
                ParamValidators.gtEq(0));
    }
}
