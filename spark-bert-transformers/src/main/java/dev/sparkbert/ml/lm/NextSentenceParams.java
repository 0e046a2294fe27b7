package dev.sparkbert.ml.lm;

import static dev.sparkbert.ml.param.SchemaChecks.addOutput;
import static dev.sparkbert.ml.param.SchemaChecks.requireColumn;

import dev.sparkbert.ml.param.BertStageParams;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Params of {@link BertNextSentenceModel}: the two sentence columns and whether B follows A. */
public interface NextSentenceParams<S extends NextSentenceParams<S>> extends BertStageParams<S> {

    default Param<String> sentenceACol() {
        return stringParam("sentenceACol", "first sentence column", "sentenceA");
    }

    default Param<String> sentenceBCol() {
        return stringParam("sentenceBCol", "second sentence column", "sentenceB");
    }

    default Param<String> probabilityCol() {
        return stringParam("probabilityCol", "probability that B follows A (double)", "probability");
    }

    default Param<String> predictionCol() {
        return stringParam("predictionCol", "1.0 if B follows A, else 0.0", "prediction");
    }

    default String getSentenceACol() {
        return getOrDefault(sentenceACol());
    }

    default String getSentenceBCol() {
        return getOrDefault(sentenceBCol());
    }

    default String getProbabilityCol() {
        return getOrDefault(probabilityCol());
    }

    default String getPredictionCol() {
        return getOrDefault(predictionCol());
    }

    default S setSentenceACol(String value) {
        return with(sentenceACol(), value);
    }

    default S setSentenceBCol(String value) {
        return with(sentenceBCol(), value);
    }

    default S setProbabilityCol(String value) {
        return with(probabilityCol(), value);
    }

    default S setPredictionCol(String value) {
        return with(predictionCol(), value);
    }

    /** Checks both sentence columns; adds the probability and the prediction (doubles). */
    @Override
    default StructType validateAndTransformSchema(StructType schema) {
        requireColumn(schema, "sentenceACol", getSentenceACol(), DataTypes.StringType);
        requireColumn(schema, "sentenceBCol", getSentenceBCol(), DataTypes.StringType);
        StructType out = addOutput(schema, "probabilityCol", getProbabilityCol(), DataTypes.DoubleType);
        return addOutput(out, "predictionCol", getPredictionCol(), DataTypes.DoubleType);
    }
}
