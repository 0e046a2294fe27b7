package dev.sparkbert.cli;

import dev.sparkbert.training.data.TrainingInputs;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;

/**
 * The file formats of the command line. Tables: {@code jsonl}, {@code parquet}, {@code csv} and
 * {@code tsv} (with a header row), read and written; for training and evaluation also {@code
 * conll} (token classification) and {@code squad} (question answering JSON).
 */
final class Formats {

    static final List<String> TABLES = List.of("jsonl", "parquet", "csv", "tsv");
    static final List<String> INPUTS = List.of("jsonl", "parquet", "csv", "tsv", "conll", "squad");
    static final List<String> ON_BAD_LINES = List.of("fail", "skip");

    private static final String CORRUPT = "_corrupt_record";

    private Formats() {}

    /**
     * The format of {@code path}: its extension; for token classification a file without a table
     * extension is CoNLL, for question answering a {@code .json} file is SQuAD.
     */
    static String of(String path, BertTask task) {
        String p = path.toLowerCase();
        if (task == BertTask.QUESTION_ANSWERING && p.endsWith(".json")) {
            return "squad";
        }
        if (task == BertTask.TOKEN_CLASSIFICATION && !p.matches(".*\\.(parquet|csv|tsv|jsonl|json)$")) {
            return "conll";
        }
        if (p.endsWith(".parquet")) {
            return "parquet";
        }
        if (p.endsWith(".csv")) {
            return "csv";
        }
        if (p.endsWith(".tsv") || p.endsWith(".txt")) {
            return "tsv";
        }
        if (p.endsWith(".jsonl") || p.endsWith(".json")) {
            return "jsonl";
        }
        throw new Options.UsageException("cannot tell the format of " + path + "; give --format "
                + String.join("|", TABLES));
    }

    /**
     * Reads a file (or folder of part files). Malformed JSON lines are counted and reported with the
     * first one's file and line number: {@code onBadLines} {@code fail} stops there, {@code skip}
     * leaves them out with a warning.
     */
    static Dataset<Row> read(SparkSession spark, String format, String path, String onBadLines) {
        switch (format) {
            case "jsonl": return jsonLines(spark, path, onBadLines);
            case "parquet": return spark.read().parquet(path);
            case "csv": return spark.read().option("header", "true").csv(path);
            case "tsv": return spark.read().option("header", "true").option("sep", "\t").option("quote", "\u0000")
                    .csv(path);
            case "conll": return TrainingInputs.conll(spark, path);
            case "squad": return TrainingInputs.squad(spark, path);
            default: throw new Options.UsageException("--format '" + format + "' is not one of " + INPUTS);
        }
    }

    private static Dataset<Row> jsonLines(SparkSession spark, String path, String onBadLines) {
        Dataset<Row> rows = spark.read().option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT)
                .json(path);
        if (!List.of(rows.columns()).contains(CORRUPT)) {
            return rows;
        }
        // Spark refuses queries on the corrupt-record column alone over the raw file: cache first.
        rows = rows.withColumn("__file", functions.input_file_name()).cache();
        Dataset<Row> bad = rows.filter(functions.col(CORRUPT).isNotNull());
        long n = bad.count();
        Dataset<Row> good = rows.filter(functions.col(CORRUPT).isNull()).drop(CORRUPT, "__file");
        if (n == 0) {
            return good;
        }
        Row first = bad.select("__file", CORRUPT).first();
        String file = first.getString(0);
        String text = first.getString(1);
        long line = spark.read().text(file).javaRDD().zipWithIndex().filter(t -> t._1().getString(0).equals(text))
                .map(t -> t._2() + 1).first();
        String where = n + " malformed JSON line" + (n == 1 ? "" : "s") + " in " + path + "; first: " + file + " line "
                + line + ": " + (text.length() > 80 ? text.substring(0, 80) + "..." : text);
        if (onBadLines.equals("skip")) {
            System.err.println("spark-bert: skipping " + where);
            return good;
        }
        throw new IllegalArgumentException(where + " (--on-bad-lines skip leaves them out)");
    }

    /**
     * Writes a folder of part files; refuses an existing output (never overwrites what the user
     * owns). Vectors are written as a person reading the file expects: plain number arrays in JSON
     * lines and Parquet; in CSV/TSV one column per element ({@code probability_0}, {@code
     * probability_1}, ...), other nested values as JSON text.
     */
    static void write(Dataset<Row> df, String format, String path) {
        boolean text = format.equals("csv") || format.equals("tsv");
        Dataset<Row> plain = text ? cells(df) : arrays(df);
        switch (format) {
            case "jsonl": plain.write().mode("errorifexists").json(path); break;
            case "parquet": plain.write().mode("errorifexists").parquet(path); break;
            case "csv": plain.write().mode("errorifexists").option("header", "true").csv(path); break;
            case "tsv": plain.write().mode("errorifexists").option("header", "true").option("sep", "\t").csv(path);
                break;
            default: throw new Options.UsageException("--format '" + format + "' is not one of " + TABLES);
        }
    }

    /** Vector columns (and arrays of vectors) as arrays of doubles. */
    private static Dataset<Row> arrays(Dataset<Row> df) {
        List<Column> cols = new ArrayList<>();
        for (StructField f : df.schema().fields()) {
            cols.add(asArrays(functions.col(quote(f.name())), f.dataType()).as(f.name()));
        }
        return df.select(cols.toArray(new Column[0]));
    }

    private static Column asArrays(Column c, DataType type) {
        if (type.equals(SQLDataTypes.VectorType())) {
            return toArray(c);
        }
        if (type instanceof ArrayType && ((ArrayType) type).elementType().equals(SQLDataTypes.VectorType())) {
            return functions.transform(c, Formats::toArray);
        }
        return c;
    }

    /** A vector as an array of doubles; null stays null. */
    private static Column toArray(Column vector) {
        return functions.when(vector.isNotNull(), org.apache.spark.ml.functions.vector_to_array(vector, "float64"));
    }

    /** Plain cells: a vector column becomes one column per element; other nested values JSON text. */
    private static Dataset<Row> cells(Dataset<Row> df) {
        List<String> vectors = new ArrayList<>();
        for (StructField f : df.schema().fields()) {
            if (f.dataType().equals(SQLDataTypes.VectorType())) {
                vectors.add(f.name());
            }
        }
        Column[] longest = vectors.stream().map(v -> functions.max(functions.size(toArray(functions.col(quote(v))))))
                .toArray(Column[]::new);
        Row sizes = vectors.isEmpty() ? null
                : df.agg(longest[0], java.util.Arrays.copyOfRange(longest, 1, longest.length)).first();
        List<Column> cols = new ArrayList<>();
        for (StructField f : df.schema().fields()) {
            Column c = functions.col(quote(f.name()));
            int v = vectors.indexOf(f.name());
            if (v >= 0) {
                int n = sizes.isNullAt(v) ? 0 : sizes.getInt(v);
                Column array = toArray(c);
                for (int i = 0; i < n; i++) {
                    cols.add(array.getItem(i).as(f.name() + "_" + i));
                }
            } else {
                cols.add(f.dataType() instanceof AtomicType ? c : functions.to_json(asArrays(c, f.dataType()))
                        .as(f.name()));
            }
        }
        return df.select(cols.toArray(new Column[0]));
    }

    private static String quote(String column) {
        return "`" + column.replace("`", "``") + "`";
    }
}
