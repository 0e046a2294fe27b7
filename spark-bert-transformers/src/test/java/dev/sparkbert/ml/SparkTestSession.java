package dev.sparkbert.ml;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession of the Spark tests: local[2] (or {@code -Dsparkbert.test.master}), few
 * shuffle partitions, no UI. Shared by
 * every test class in the JVM; Spark stops it at JVM exit.
 */
public final class SparkTestSession {

    private static SparkSession spark;

    private SparkTestSession() {}

    public static synchronized SparkSession get() {
        if (spark == null) {
            spark = SparkSession.builder()
                    .master(System.getProperty("sparkbert.test.master", "local[2]"))
                    .appName("spark-bert-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.sql.warehouse.dir", tmp("warehouse"))
                    .getOrCreate();
        }
        return spark;
    }

    /** The shared HF fixture folder ({@code -Dsparkbert.fixtures}, else ../../shared/fixtures/hf-bert-tiny). */
    public static Path fixtures() {
        String configured = System.getProperty("sparkbert.fixtures");
        Path p = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of("..", "..", "shared", "fixtures", "hf-bert-tiny");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("fixtures folder " + p.toAbsolutePath() + " does not exist");
        }
        return p;
    }

    /** The shared real datasets folder (../shared/data). */
    public static Path data() {
        return fixtures().resolve("../../data").normalize();
    }

    /** The messages of an exception and its causes (Spark wraps task failures), joined. */
    public static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable x = t; x != null; x = x.getCause()) {
            sb.append(x.getMessage()).append(" | ");
        }
        return sb.toString();
    }

    private static String tmp(String name) {
        try {
            Path dir = Files.createTempDirectory("spark-bert-" + name);
            dev.sparkbert.core.util.LocalFolders.deleteAtExit(dir);
            return dir.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
