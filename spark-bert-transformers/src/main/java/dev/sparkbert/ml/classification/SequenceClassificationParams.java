package dev.sparkbert.ml.classification;

import static dev.sparkbert.ml.param.SchemaChecks.addOutput;
import static dev.sparkbert.ml.param.SchemaChecks.requireColumn;

import dev.sparkbert.core.config.ProblemType;
import dev.sparkbert.ml.param.BertStageParams;
import dev.sparkbert.ml.param.HasClassifierOutputCols;
import dev.sparkbert.ml.param.HasTextCol;
import dev.sparkbert.ml.param.SchemaChecks;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Params of sequence classification, shared by {@link BertSequenceClassificationModel} and the
 * {@code BertSequenceClassifier} estimator: the text columns and the outputs, which follow the
 * problem type (see {@link #validateAndTransformSchema}).
 */
public interface SequenceClassificationParams<S extends SequenceClassificationParams<S>>
        extends BertStageParams<S>, HasTextCol<S>, HasClassifierOutputCols<S> {

    default Param<String> textPairCol() {
        return stringParam("textPairCol", "optional second text column (sentence pairs); empty for single texts", "");
    }

    default Param<String> predictedLabelCol() {
        return stringParam("predictedLabelCol", "optional column with the predicted label name (single-label); empty"
                + " for none", "");
    }

    default Param<String> predictedLabelsCol() {
        return stringParam("predictedLabelsCol", "column with the labels at or above threshold (multi-label)",
                "predictedLabels");
    }

    default DoubleParam threshold() {
        return doubleParam("threshold", "multi-label: probability at or above which a label is predicted", 0.5,
                ParamValidators.inRange(0, 1));
    }

    default String getTextPairCol() {
        return getOrDefault(textPairCol());
    }

    default String getPredictedLabelCol() {
        return getOrDefault(predictedLabelCol());
    }

    default String getPredictedLabelsCol() {
        return getOrDefault(predictedLabelsCol());
    }

    default double getThreshold() {
        return (Double) getOrDefault(threshold());
    }

    default S setTextPairCol(String value) {
        return with(textPairCol(), value);
    }

    default S setPredictedLabelCol(String value) {
        return with(predictedLabelCol(), value);
    }

    default S setPredictedLabelsCol(String value) {
        return with(predictedLabelsCol(), value);
    }

    default S setThreshold(double value) {
        return with(threshold(), value);
    }

    /** The problem type the outputs follow, for data of this schema. */
    ProblemType problemType(StructType schema);

    @Override
    default StructType validateAndTransformSchema(StructType schema) {
        return validateAndTransformSchema(schema, problemType(schema));
    }

    /**
     * Checks the text columns and adds the outputs of {@code type}: single-label {@code prediction},
     * {@code probability} (softmax) and {@code rawPrediction} (logits), plus the label name if
     * {@code predictedLabelCol} is set; multi-label {@code probability} (sigmoid per label), {@code
     * rawPrediction} and the predicted label names; regression {@code prediction} only.
     */
    default StructType validateAndTransformSchema(StructType schema, ProblemType type) {
        requireColumn(schema, "textCol", getTextCol(), DataTypes.StringType);
        if (!getTextPairCol().isEmpty()) {
            requireColumn(schema, "textPairCol", getTextPairCol(), DataTypes.StringType);
        }
        if (type == ProblemType.REGRESSION) {
            return addOutput(schema, "predictionCol", getPredictionCol(), DataTypes.DoubleType);
        }
        StructType out = schema;
        if (type == ProblemType.SINGLE_LABEL_CLASSIFICATION) {
            out = addOutput(out, "predictionCol", getPredictionCol(), DataTypes.DoubleType);
        }
        out = addOutput(out, "probabilityCol", getProbabilityCol(), SQLDataTypes.VectorType());
        out = addOutput(out, "rawPredictionCol", getRawPredictionCol(), SQLDataTypes.VectorType());
        if (type == ProblemType.MULTI_LABEL_CLASSIFICATION) {
            out = addOutput(out, "predictedLabelsCol", getPredictedLabelsCol(), SchemaChecks.STRING_ARRAY);
        } else if (!getPredictedLabelCol().isEmpty()) {
            out = addOutput(out, "predictedLabelCol", getPredictedLabelCol(), DataTypes.StringType);
        }
        return out;
    }
}
