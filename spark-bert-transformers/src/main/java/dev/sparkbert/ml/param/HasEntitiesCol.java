package dev.sparkbert.ml.param;

import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A stage with a column of entities ({@code entitiesCol}, default {@code entities}): an array of
 * {@link #ENTITY}, as HF's token-classification pipeline returns them.
 */
public interface HasEntitiesCol<S extends HasEntitiesCol<S>> extends BertParams<S> {

    /** The struct of one entity: its group (type), text, char offsets {@code [start, end)} and score. */
    StructType ENTITY = new StructType().add("entity_group", DataTypes.StringType)
            .add("word", DataTypes.StringType).add("start", DataTypes.IntegerType).add("end", DataTypes.IntegerType)
            .add("score", DataTypes.DoubleType);

    default Param<String> entitiesCol() {
        return stringParam("entitiesCol", "entities column", "entities");
    }

    default String getEntitiesCol() {
        return getOrDefault(entitiesCol());
    }

    default S setEntitiesCol(String value) {
        return with(entitiesCol(), value);
    }
}
