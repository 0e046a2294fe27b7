package dev.sparkbert.ml.lm;

import static dev.sparkbert.ml.param.SchemaChecks.addOutput;
import static dev.sparkbert.ml.param.SchemaChecks.requireColumn;

import dev.sparkbert.ml.param.BertStageParams;
import dev.sparkbert.ml.param.HasTextCol;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Params of {@link BertCausalLMModel}: the text column and its log-likelihood and perplexity outputs. */
public interface CausalLMParams<S extends CausalLMParams<S>> extends BertStageParams<S>, HasTextCol<S> {

    default Param<String> logLikelihoodCol() {
        return stringParam("logLikelihoodCol", "log-likelihood of the text (double, nats)", "logLikelihood");
    }

    default Param<String> perplexityCol() {
        return stringParam("perplexityCol", "perplexity (double)", "perplexity");
    }

    default String getLogLikelihoodCol() {
        return getOrDefault(logLikelihoodCol());
    }

    default String getPerplexityCol() {
        return getOrDefault(perplexityCol());
    }

    default S setLogLikelihoodCol(String value) {
        return with(logLikelihoodCol(), value);
    }

    default S setPerplexityCol(String value) {
        return with(perplexityCol(), value);
    }

    /** Checks the text column; adds log-likelihood and perplexity (doubles). */
    @Override
    default StructType validateAndTransformSchema(StructType schema) {
        requireColumn(schema, "textCol", getTextCol(), DataTypes.StringType);
        StructType out = addOutput(schema, "logLikelihoodCol", getLogLikelihoodCol(), DataTypes.DoubleType);
        return addOutput(out, "perplexityCol", getPerplexityCol(), DataTypes.DoubleType);
    }
}
