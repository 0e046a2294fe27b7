package dev.sparkbert.training.data;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;

/**
 * Conditions every row of a training (or validation) DataFrame must meet, counted in one
 * aggregation, so the data is read once whatever the number of columns and rules; the first row
 * that breaks a rule is looked up only when one does. Rules are reported in the order they were
 * added: {@code notNull} before the rules that read the same columns.
 */
public final class RowChecks {

    private final Dataset<Row> data;
    private final String name;
    private final List<Column> violations = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private RowChecks(Dataset<Row> data, String name) {
        this.data = data;
        this.name = name;
    }

    /**
     * Checks of {@code data}; {@code name} ("training", "validation") names its rows in errors.
     */
    public static RowChecks on(Dataset<Row> data, String name) {
        return new RowChecks(data, name);
    }

    /** Refuses a null in any of {@code columns}. */
    public RowChecks notNull(String... columns) {
        for (String c : columns) {
            rule(functions.col(c).isNull(), "have a null '" + c + "' (filter or fill them before fit)");
        }
        return this;
    }

    /**
     * Refuses rows where {@code violated} is true (null counts as not violated, so a rule may assume
     * the earlier {@code notNull} columns); {@code problem} completes "N training rows ...".
     */
    public RowChecks rule(Column violated, String problem) {
        violations.add(violated);
        problems.add(problem);
        return this;
    }

    /**
     * Runs the one aggregation: the row count, the violations of every rule and {@code aggregates}
     * (such as the labels' range), whose values it returns in a row, in their order.
     *
     * @throws IllegalArgumentException when there are no rows or a rule is broken, naming the rule,
     *     how many rows break it and the first of them
     */
    public Row check(Column... aggregates) {
        List<Column> all = new ArrayList<>();
        for (Column v : violations) {
            all.add(functions.sum(functions.when(v, 1L).otherwise(0L)));
        }
        all.addAll(List.of(aggregates));
        Row counts = data.agg(functions.count(functions.lit(1)), all.toArray(new Column[0])).first();
        if (counts.getLong(0) == 0) {
            throw new IllegalArgumentException("the " + name + " data is empty");
        }
        for (int i = 0; i < violations.size(); i++) {
            long broken = counts.getLong(1 + i);
            if (broken > 0) {
                throw new IllegalArgumentException(broken + " " + name + " rows " + problems.get(i) + "; first: "
                        + data.filter(violations.get(i)).first());
            }
        }
        Object[] values = new Object[aggregates.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = counts.get(1 + violations.size() + i);
        }
        return RowFactory.create(values);
    }
}
