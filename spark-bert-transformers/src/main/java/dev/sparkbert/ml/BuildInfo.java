package dev.sparkbert.ml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What this build of spark-bert is: its version, and the Scala and Spark versions it was compiled
 * for. The Python package compares them with its own version and its pyspark when a session
 * starts using spark-bert.
 */
public final class BuildInfo {

    private static final Properties PROPERTIES = load();

    private BuildInfo() {}

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return PROPERTIES.getProperty("version");
    }

    /** {@code 2.12} or {@code 2.13}. */
    public static String scalaBinaryVersion() {
        return PROPERTIES.getProperty("scalaBinaryVersion");
    }

    /** The Spark version compiled against, e.g. {@code 3.5.9}. */
    public static String sparkVersion() {
        return PROPERTIES.getProperty("sparkVersion");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("spark-bert's build.properties cannot be read", e);
        }
        return p;
    }
}
