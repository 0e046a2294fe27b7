package dev.sparkbert.ml.exec;

import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The job's Hadoop configuration: the session's, with everything set through {@code
 * spark.hadoop.*} or {@code sc.hadoopConfiguration()} (file system credentials, mount tables,
 * custom schemes). Captured on the driver when a stage runs and shipped to the executors in one
 * broadcast, as Spark's own file sources do; an executor never builds an empty {@code
 * Configuration}, which would miss those settings (hidden in local mode, where Hadoop's
 * FileSystem cache hands executors the driver's instance).
 */
public final class HadoopConf implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Broadcast<SerializableConfiguration> conf;

    private HadoopConf(Broadcast<SerializableConfiguration> conf) {
        this.conf = conf;
    }

    /** Captures the session's configuration for this job's tasks. */
    public static HadoopConf ship(SparkSession spark) {
        return new HadoopConf(spark.sparkContext().broadcast(new SerializableConfiguration(
                spark.sparkContext().hadoopConfiguration()), scala.reflect.ClassTag$.MODULE$.apply(
                        SerializableConfiguration.class)));
    }

    /** The configuration, on the driver or an executor. */
    public Configuration get() {
        return conf.value().value();
    }

    /**
     * On the driver: the active (or default) session's configuration; Hadoop's defaults only when
     * no session exists yet (a stage built before its session).
     */
    public static Configuration driver() {
        scala.Option<SparkSession> active = SparkSession.getActiveSession();
        if (active.isEmpty()) {
            active = SparkSession.getDefaultSession();
        }
        return active.isDefined() ? active.get().sparkContext().hadoopConfiguration() : new Configuration();
    }
}
