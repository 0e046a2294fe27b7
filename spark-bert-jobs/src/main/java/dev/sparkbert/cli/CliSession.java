package dev.sparkbert.cli;

import org.apache.spark.sql.SparkSession;

/**
 * The SparkSession of a command: an active one is reused (notebooks, tests); a master given by
 * {@code spark-submit} ({@code spark.master}) is kept; else {@code --master} or a local master.
 * Only a session the command created is stopped by it.
 */
final class CliSession implements AutoCloseable {

    private final SparkSession spark;
    private final boolean own;

    private CliSession(SparkSession spark, boolean own) {
        this.spark = spark;
        this.own = own;
    }

    /** A session for inference: a local master runs a task per core. */
    static CliSession start(Options o, String defaultMaster, String appName) {
        return start(o, defaultMaster, 1, appName);
    }

    /**
     * A session for training {@code replicas} replicas: a local master chosen here gives each
     * replica an equal share of the cores ({@code spark.task.cpus}), as a cluster should give each
     * replica its executor's cores.
     */
    static CliSession forTraining(Options o, int replicas, String appName) {
        int cores = Runtime.getRuntime().availableProcessors();
        int perReplica = Math.max(1, cores / replicas);
        return start(o, "local[" + replicas * perReplica + "]", perReplica, appName);
    }

    private static CliSession start(Options o, String defaultMaster, int taskCpus, String appName) {
        boolean own = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
        SparkSession.Builder b = SparkSession.builder().appName(appName).config("spark.ui.enabled", "false");
        if (o.has("master") || System.getProperty("spark.master") == null) {
            b.master(o.get("master", defaultMaster));
            if (!o.has("master")) {
                b.config("spark.task.cpus", Integer.toString(taskCpus));
            }
        }
        return new CliSession(b.getOrCreate(), own);
    }

    SparkSession spark() {
        return spark;
    }

    @Override
    public void close() {
        if (own) {
            spark.stop();
        }
    }
}
