package dev.sparkbert.ml.choice;

import static dev.sparkbert.ml.param.SchemaChecks.addOutput;
import static dev.sparkbert.ml.param.SchemaChecks.requireColumn;

import dev.sparkbert.ml.param.BertStageParams;
import dev.sparkbert.ml.param.HasClassifierOutputCols;
import dev.sparkbert.ml.param.SchemaChecks;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Params of multiple choice shared by {@link BertMultipleChoiceModel} and the {@code
 * BertMultipleChoiceClassifier} estimator: the prompt and its choices, and classifier outputs over
 * the choices.
 */
public interface MultipleChoiceParams<S extends MultipleChoiceParams<S>>
        extends BertStageParams<S>, HasClassifierOutputCols<S> {

    default Param<String> promptCol() {
        return stringParam("promptCol", "prompt (question) column", "prompt");
    }

    default Param<String> choicesCol() {
        return stringParam("choicesCol", "choices column (array<string>)", "choices");
    }

    default String getPromptCol() {
        return getOrDefault(promptCol());
    }

    default String getChoicesCol() {
        return getOrDefault(choicesCol());
    }

    default S setPromptCol(String value) {
        return with(promptCol(), value);
    }

    default S setChoicesCol(String value) {
        return with(choicesCol(), value);
    }

    /** Checks prompt and choices; adds the chosen index, the softmax over the choices and their scores. */
    @Override
    default StructType validateAndTransformSchema(StructType schema) {
        requireColumn(schema, "promptCol", getPromptCol(), DataTypes.StringType);
        requireColumn(schema, "choicesCol", getChoicesCol(), SchemaChecks.STRING_ARRAY,
                SchemaChecks.STRING_ARRAY_NO_NULLS);
        StructType out = addOutput(schema, "predictionCol", getPredictionCol(), DataTypes.DoubleType);
        out = addOutput(out, "probabilityCol", getProbabilityCol(), SQLDataTypes.VectorType());
        return addOutput(out, "rawPredictionCol", getRawPredictionCol(), SQLDataTypes.VectorType());
    }
}
