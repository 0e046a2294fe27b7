package dev.sparkbert.ml.param;

import org.apache.spark.ml.param.Param;

/**
 * The outputs of a classifier, named and typed as MLlib's so its evaluators work on them: the
 * predicted class index ({@code prediction}, double), its probabilities ({@code probability},
 * vector) and the logits ({@code rawPrediction}, vector).
 */
public interface HasClassifierOutputCols<S extends HasClassifierOutputCols<S>> extends BertParams<S> {

    default Param<String> predictionCol() {
        return stringParam("predictionCol", "prediction column: the class index (double)", "prediction");
    }

    default Param<String> probabilityCol() {
        return stringParam("probabilityCol", "class probabilities column (vector)", "probability");
    }

    default Param<String> rawPredictionCol() {
        return stringParam("rawPredictionCol", "logits column (vector)", "rawPrediction");
    }

    default String getPredictionCol() {
        return getOrDefault(predictionCol());
    }

    default String getProbabilityCol() {
        return getOrDefault(probabilityCol());
    }

    default String getRawPredictionCol() {
        return getOrDefault(rawPredictionCol());
    }

    default S setPredictionCol(String value) {
        return with(predictionCol(), value);
    }

    default S setProbabilityCol(String value) {
        return with(probabilityCol(), value);
    }

    default S setRawPredictionCol(String value) {
        return with(rawPredictionCol(), value);
    }
}
