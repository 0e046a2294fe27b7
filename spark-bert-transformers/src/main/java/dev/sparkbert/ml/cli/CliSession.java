package dev.sparkbert.ml.cli;

import org.apache.spark.sql.SparkSession;

/**
 * The SparkSession of a command: an active one is reused (notebooks, tests); a master given by
 * {@code spark-submit} ({@code spark.master}) is kept; else {@code --master} or the command's default.
 * Only a session the command created is stopped by it.
 */
public final class CliSession implements AutoCloseable {

    private final SparkSession spark;
    private final boolean own;

    private CliSession(SparkSession spark, boolean own) {
        this.spark = spark;
        this.own = own;
    }

    public static CliSession start(Options o, String defaultMaster, String appName) {
        boolean own = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
        SparkSession.Builder b = SparkSession.builder().appName(appName).config("spark.ui.enabled", "false");
        if (o.has("master") || System.getProperty("spark.master") == null) {
            b.master(o.get("master", defaultMaster));
        }
        return new CliSession(b.getOrCreate(), own);
    }

    public SparkSession spark() {
        return spark;
    }

    @Override
    public void close() {
        if (own) {
            spark.stop();
        }
    }
}
