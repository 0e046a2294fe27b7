package dev.sparkbert.training.param;

import dev.sparkbert.ml.param.BertParams;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.ParamValidators;

/** What is measured and reported while training: validation and progress lines. */
public interface ValidationParams<S extends ValidationParams<S>> extends BertParams<S> {

    default DoubleParam validationFraction() {
        return doubleParam("validationFraction", "share of the (shuffled) training examples held out for validation"
                + " (0: none, unless validation data is given)", 0.0, ParamValidators.inRange(0, 1, true, false));
    }

    default IntParam evalSteps() {
        return intParam("evalSteps", "evaluate on the validation examples every this many steps (0: only after the last"
                + " step)", 0, ParamValidators.gtEq(0));
    }

    default IntParam loggingSteps() {
        return intParam("loggingSteps", "report a progress line every this many steps (0: never)", 10,
                ParamValidators.gtEq(0));
    }

    default double getValidationFraction() {
        return (Double) getOrDefault(validationFraction());
    }

    default int getEvalSteps() {
        return (Integer) getOrDefault(evalSteps());
    }

    default int getLoggingSteps() {
        return (Integer) getOrDefault(loggingSteps());
    }

    default S setValidationFraction(double value) {
        return with(validationFraction(), value);
    }

    default S setEvalSteps(int value) {
        return with(evalSteps(), value);
    }

    default S setLoggingSteps(int value) {
        return with(loggingSteps(), value);
    }
}
