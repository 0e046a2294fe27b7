package dev.sparkbert.training.param;

import dev.sparkbert.core.optim.LrSchedule;
import dev.sparkbert.ml.param.BertParams;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;

/** How long to train and the learning-rate schedule, named and defaulted as HF's {@code TrainingArguments}. */
public interface ScheduleParams<S extends ScheduleParams<S>> extends BertParams<S> {

    default DoubleParam numTrainEpochs() {
        return doubleParam("numTrainEpochs", "passes over the training data (ignored when maxSteps > 0)", 3.0,
                ParamValidators.gt(0));
    }

    default IntParam maxSteps() {
        return intParam("maxSteps", "optimizer steps to train for; -1 to use numTrainEpochs", -1,
                ParamValidators.gtEq(-1));
    }

    default Param<String> lrSchedulerType() {
        return choiceParam("lrSchedulerType", "learning-rate schedule", "linear",
                LrSchedule.TYPES.toArray(new String[0]));
    }

    default IntParam warmupSteps() {
        return intParam("warmupSteps", "linear warm-up steps (overrides warmupRatio when > 0)", 0,
                ParamValidators.gtEq(0));
    }

    default DoubleParam warmupRatio() {
        return doubleParam("warmupRatio", "warm-up as a fraction of the training steps", 0.0,
                ParamValidators.inRange(0, 1));
    }

    default double getNumTrainEpochs() {
        return (Double) getOrDefault(numTrainEpochs());
    }

    default int getMaxSteps() {
        return (Integer) getOrDefault(maxSteps());
    }

    default String getLrSchedulerType() {
        return getOrDefault(lrSchedulerType());
    }

    default int getWarmupSteps() {
        return (Integer) getOrDefault(warmupSteps());
    }

    default double getWarmupRatio() {
        return (Double) getOrDefault(warmupRatio());
    }

    default S setNumTrainEpochs(double value) {
        return with(numTrainEpochs(), value);
    }

    default S setMaxSteps(int value) {
        return with(maxSteps(), value);
    }

    default S setLrSchedulerType(String value) {
        return with(lrSchedulerType(), value);
    }

    default S setWarmupSteps(int value) {
        return with(warmupSteps(), value);
    }

    default S setWarmupRatio(double value) {
        return with(warmupRatio(), value);
    }
}
