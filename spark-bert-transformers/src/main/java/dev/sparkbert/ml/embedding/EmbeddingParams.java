package dev.sparkbert.ml.embedding;

import static dev.sparkbert.ml.param.SchemaChecks.addOutput;
import static dev.sparkbert.ml.param.SchemaChecks.requireColumn;

import dev.sparkbert.core.heads.Pooling;
import dev.sparkbert.ml.param.BertStageParams;
import dev.sparkbert.ml.param.HasTextCol;
import java.util.Arrays;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** Params of {@link BertEmbeddingModel}: the text column, the embedding outputs and how tokens are pooled. */
public interface EmbeddingParams<S extends EmbeddingParams<S>> extends BertStageParams<S>, HasTextCol<S> {

    default Param<String> outputCol() {
        return stringParam("outputCol", "sentence embedding column (vector)", "embedding");
    }

    default Param<String> tokenEmbeddingsCol() {
        return stringParam("tokenEmbeddingsCol", "optional column of per-token embeddings (array of vectors, special"
                + " tokens included); empty for none", "");
    }

    default Param<String> pooling() {
        return choiceParam("pooling", "how token states become one vector", "mean",
                Arrays.stream(Pooling.values()).map(Pooling::paramName).toArray(String[]::new));
    }

    default BooleanParam normalize() {
        return booleanParam("normalize", "scale embeddings to unit L2 norm", true);
    }

    default String getOutputCol() {
        return getOrDefault(outputCol());
    }

    default String getTokenEmbeddingsCol() {
        return getOrDefault(tokenEmbeddingsCol());
    }

    default String getPooling() {
        return getOrDefault(pooling());
    }

    default boolean getNormalize() {
        return (Boolean) getOrDefault(normalize());
    }

    default S setOutputCol(String value) {
        return with(outputCol(), value);
    }

    default S setTokenEmbeddingsCol(String value) {
        return with(tokenEmbeddingsCol(), value);
    }

    default S setPooling(String value) {
        return with(pooling(), value);
    }

    default S setNormalize(boolean value) {
        return with(normalize(), value);
    }

    /** Checks the text column; adds the embedding vector and, when asked for, the per-token vectors. */
    @Override
    default StructType validateAndTransformSchema(StructType schema) {
        requireColumn(schema, "textCol", getTextCol(), DataTypes.StringType);
        StructType out = addOutput(schema, "outputCol", getOutputCol(), SQLDataTypes.VectorType());
        if (!getTokenEmbeddingsCol().isEmpty()) {
            out = addOutput(out, "tokenEmbeddingsCol", getTokenEmbeddingsCol(),
                    DataTypes.createArrayType(SQLDataTypes.VectorType()));
        }
        return out;
    }
}
