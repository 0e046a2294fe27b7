package dev.sparkbert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkbert.ml.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class PredictCommandTest {

    @Test
    void benchDealsRowsToSlotsSoEverySlotGetsTheSameMixOfLengths() {
        SparkSession spark = SparkTestSession.get();
        List<Row> rows = new ArrayList<>();
        // Lengths rise with the row number: a split into halves in input order would give one slot
        // all the long texts.
        for (int i = 0; i < 11; i++) {
            rows.add(RowFactory.create(i, i == 4 ? null : "w".repeat(1 + 10 * i)));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType);
        Dataset<Row> in = spark.createDataFrame(rows, schema).repartition(1);

        Dataset<Row> dealt = PredictCommand.evenSlots(in, 2);

        List<List<Row>> slots = dealt.javaRDD().glom().collect();
        assertEquals(2, slots.size());
        assertEquals(List.of(6, 5), slots.stream().map(List::size).collect(Collectors.toList()));
        long[] chars = slots.stream().mapToLong(s -> s.stream().mapToLong(r -> r.isNullAt(1) ? 0 : r.getString(1).length())
                .sum()).toArray();
        assertTrue(Math.abs(chars[0] - chars[1]) <= 101, "text lengths per slot " + chars[0] + " and " + chars[1]);
        assertEquals(in.orderBy("id").collectAsList(), dealt.orderBy("id").collectAsList(), "every row once, null kept");
    }
}
