package dev.sparkbert.training.param;

import dev.sparkbert.core.precision.Precision;
import dev.sparkbert.ml.param.BertParams;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;

/**
 * AdamW, gradient clipping and the number format of the passes that feed them, named and defaulted
 * as HF's {@code TrainingArguments}.
 */
public interface OptimizerParams<S extends OptimizerParams<S>> extends BertParams<S> {

    default DoubleParam learningRate() {
        return doubleParam("learningRate", "peak learning rate of AdamW (> 0)", 5e-5, ParamValidators.gt(0));
    }

    default DoubleParam weightDecay() {
        return doubleParam("weightDecay", "decoupled weight decay, not applied to biases and LayerNorm weights", 0.0,
                ParamValidators.gtEq(0));
    }

    default DoubleParam adamBeta1() {
        return doubleParam("adamBeta1", "AdamW beta1", 0.9, ParamValidators.inRange(0, 1, true, false));
    }

    default DoubleParam adamBeta2() {
        return doubleParam("adamBeta2", "AdamW beta2", 0.999, ParamValidators.inRange(0, 1, true, false));
    }

    default DoubleParam adamEpsilon() {
        return doubleParam("adamEpsilon", "AdamW epsilon", 1e-8, ParamValidators.gtEq(0));
    }

    default DoubleParam maxGradNorm() {
        return doubleParam("maxGradNorm", "clip the global gradient norm to this (0: no clipping)", 1.0,
                ParamValidators.gtEq(0));
    }

    default Param<String> trainingPrecision() {
        return choiceParam("trainingPrecision", "number format of the encoder's forward and backward passes: 'fp32'"
                + " (HF's numbers) or 'bf16' (linear layers and attention in bfloat16, as HF's bf16=True autocast;"
                + " fast with AMX-BF16); weights, gradients, heads and AdamW stay float32", Precision.FP32.id(),
                Precision.FP32.id(), Precision.BF16.id());
    }

    default double getLearningRate() {
        return (Double) getOrDefault(learningRate());
    }

    default double getWeightDecay() {
        return (Double) getOrDefault(weightDecay());
    }

    default double getAdamBeta1() {
        return (Double) getOrDefault(adamBeta1());
    }

    default double getAdamBeta2() {
        return (Double) getOrDefault(adamBeta2());
    }

    default double getAdamEpsilon() {
        return (Double) getOrDefault(adamEpsilon());
    }

    default double getMaxGradNorm() {
        return (Double) getOrDefault(maxGradNorm());
    }

    default String getTrainingPrecision() {
        return getOrDefault(trainingPrecision());
    }

    default S setLearningRate(double value) {
        return with(learningRate(), value);
    }

    default S setWeightDecay(double value) {
        return with(weightDecay(), value);
    }

    default S setAdamBeta1(double value) {
        return with(adamBeta1(), value);
    }

    default S setAdamBeta2(double value) {
        return with(adamBeta2(), value);
    }

    default S setAdamEpsilon(double value) {
        return with(adamEpsilon(), value);
    }

    default S setMaxGradNorm(double value) {
        return with(maxGradNorm(), value);
    }

    default S setTrainingPrecision(String value) {
        return with(trainingPrecision(), value);
    }
}
