package dev.sparkbert.ml.token;

import static dev.sparkbert.ml.param.SchemaChecks.addOutput;
import static dev.sparkbert.ml.param.SchemaChecks.requireColumn;

import dev.sparkbert.ml.param.BertStageParams;
import dev.sparkbert.ml.param.HasEntitiesCol;
import dev.sparkbert.ml.param.HasTextCol;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Params of token classification shared by {@link BertTokenClassificationModel} and the {@code
 * BertTokenClassifier} estimator: the text the model tags, its entities output and how tokens
 * are grouped into entities.
 */
public interface TokenClassificationParams<S extends TokenClassificationParams<S>>
        extends BertStageParams<S>, HasTextCol<S>, HasEntitiesCol<S> {

    /** HF's aggregation strategies, as its token-classification pipeline names them. */
    String[] AGGREGATION_STRATEGIES = {"none", "simple", "first", "average", "max"};

    default Param<String> aggregationStrategy() {
        return choiceParam("aggregationStrategy", "how token predictions become entities, as HF's pipeline", "simple",
                AGGREGATION_STRATEGIES);
    }

    default String getAggregationStrategy() {
        return getOrDefault(aggregationStrategy());
    }

    default S setAggregationStrategy(String value) {
        return with(aggregationStrategy(), value);
    }

    /** Checks the text column and adds the entities (array of {@link #ENTITY}). */
    @Override
    default StructType validateAndTransformSchema(StructType schema) {
        requireColumn(schema, "textCol", getTextCol(), DataTypes.StringType);
        return addOutput(schema, "entitiesCol", getEntitiesCol(), DataTypes.createArrayType(ENTITY));
    }
}
