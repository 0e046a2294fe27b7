package dev.sparkbert.ml.lm;

import static dev.sparkbert.ml.param.SchemaChecks.addOutput;
import static dev.sparkbert.ml.param.SchemaChecks.requireColumn;

import dev.sparkbert.ml.param.BertStageParams;
import dev.sparkbert.ml.param.HasTextCol;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Params of fill-mask shared by {@link BertMaskedLMModel} and the {@code BertPretrainer}
 * estimator: the text (with mask tokens, for the model) and the candidates filled in per mask.
 */
public interface MaskedLMParams<S extends MaskedLMParams<S>> extends BertStageParams<S>, HasTextCol<S> {

    /** The struct of one candidate. */
    StructType CANDIDATE = new StructType().add("token", DataTypes.StringType)
            .add("token_id", DataTypes.LongType).add("score", DataTypes.DoubleType)
            .add("sequence", DataTypes.StringType);

    default Param<String> outputCol() {
        return stringParam("outputCol", "candidates per mask (array of array of struct)", "fills");
    }

    default Param<String> maskToken() {
        return stringParam("maskToken", "the mask token of the vocabulary", "[MASK]");
    }

    default IntParam topK() {
        return intParam("topK", "candidates per mask", 5, ParamValidators.gt(0));
    }

    default String getOutputCol() {
        return getOrDefault(outputCol());
    }

    default String getMaskToken() {
        return getOrDefault(maskToken());
    }

    default int getTopK() {
        return (Integer) getOrDefault(topK());
    }

    default S setOutputCol(String value) {
        return with(outputCol(), value);
    }

    default S setMaskToken(String value) {
        return with(maskToken(), value);
    }

    default S setTopK(int value) {
        return with(topK(), value);
    }

    /** Checks the text column; adds the candidates of every mask. */
    @Override
    default StructType validateAndTransformSchema(StructType schema) {
        requireColumn(schema, "textCol", getTextCol(), DataTypes.StringType);
        return addOutput(schema, "outputCol", getOutputCol(),
                DataTypes.createArrayType(DataTypes.createArrayType(CANDIDATE)));
    }
}
