package dev.sparkbert.ml.param;

import java.util.Arrays;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The schema checks of spark-bert stages and estimators: input columns present and typed, outputs new. */
public final class SchemaChecks {

    /** {@code array<string>}. */
    public static final DataType STRING_ARRAY = DataTypes.createArrayType(DataTypes.StringType);

    /** {@code array<string>} whose elements cannot be null (Spark's type for some literal arrays). */
    public static final DataType STRING_ARRAY_NO_NULLS = DataTypes.createArrayType(DataTypes.StringType, false);

    private SchemaChecks() {}

    /** Fails unless {@code column} exists with one of the given types. */
    public static void requireColumn(StructType schema, String param, String column, DataType... types) {
        if (!Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException(param + ": input column '" + column + "' does not exist; columns: "
                    + Arrays.toString(schema.fieldNames()));
        }
        DataType actual = schema.apply(column).dataType();
        for (DataType t : types) {
            if (t.equals(actual)) {
                return;
            }
        }
        throw new IllegalArgumentException(param + ": input column '" + column + "' must be of type "
                + Arrays.toString(Arrays.stream(types).map(DataType::simpleString).toArray()) + ", got "
                + actual.simpleString());
    }

    /** Appends an output column; fails if a column of that name exists. */
    public static StructType addOutput(StructType schema, String param, String column, DataType type) {
        if (Arrays.asList(schema.fieldNames()).contains(column)) {
            throw new IllegalArgumentException(param + ": output column '" + column + "' already exists; choose"
                    + " another name");
        }
        return schema.add(new StructField(column, type, true, org.apache.spark.sql.types.Metadata.empty()));
    }
}
