package dev.sparkbert.ml.param;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The params every spark-bert stage has (inference Models and training Estimators alike): where the
 * model is, how rows are batched and tokenized, and what happens to malformed input.
 */
public interface BertStageParams extends Params {

    Param<String> modelLocation();

    IntParam batchSize();

    IntParam maxLength();

    Param<String> truncation();

    Param<String> handleInvalid();

    default String getModelLocation() {
        return getOrDefault(modelLocation());
    }

    default int getBatchSize() {
        return (Integer) getOrDefault(batchSize());
    }

    default int getMaxLength() {
        return (Integer) getOrDefault(maxLength());
    }

    default String getTruncation() {
        return getOrDefault(truncation());
    }

    default String getHandleInvalid() {
        return getOrDefault(handleInvalid());
    }
}
