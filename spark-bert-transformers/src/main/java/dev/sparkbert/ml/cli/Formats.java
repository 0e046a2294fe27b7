package dev.sparkbert.ml.cli;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The input and output formats of the command line: jsonl, parquet, csv and tsv (with header). */
public final class Formats {

    private Formats() {}

    public static String fromExtension(String path) {
        String p = path.toLowerCase();
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
        throw new Options.UsageException("cannot tell the format of " + path + "; give --format jsonl|parquet|csv|tsv");
    }

    public static Dataset<Row> read(SparkSession spark, String format, String path) {
        switch (format) {
            case "jsonl": return spark.read().json(path);
            case "parquet": return spark.read().parquet(path);
            case "csv": return spark.read().option("header", "true").csv(path);
            case "tsv": return spark.read().option("header", "true").option("sep", "\t").option("quote", "\u0000").csv(path);
            default: throw new Options.UsageException("--format '" + format + "' is not one of jsonl, parquet, csv, tsv");
        }
    }

    /** Writes a folder of part files; refuses an existing output (never overwrites what the user owns). */
    public static void write(Dataset<Row> df, String format, String path) {
        switch (format) {
            case "jsonl": df.write().mode("errorifexists").json(path); break;
            case "parquet": df.write().mode("errorifexists").parquet(path); break;
            case "csv": df.write().mode("errorifexists").option("header", "true").csv(path); break;
            default: df.write().mode("errorifexists").option("header", "true").option("sep", "\t").csv(path);
        }
    }
}
