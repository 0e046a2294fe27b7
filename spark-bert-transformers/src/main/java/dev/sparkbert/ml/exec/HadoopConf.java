package dev.sparkbert.ml.exec;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;

/**
 * The job's Hadoop configuration: the session's, with everything set through {@code
 * spark.hadoop.*} or {@code sc.hadoopConfiguration()} (file system credentials, mount tables,
 * custom schemes). Captured on the driver when a stage runs and shipped to the executors in one
 * broadcast, as Spark's own file sources do, and shipped again only after it changes; an executor
 * never builds an empty {@code Configuration}, which would miss those settings (hidden in local
 * mode, where Hadoop's FileSystem cache hands executors the driver's instance).
 */
public final class HadoopConf implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * Per SparkContext, the entries last shipped and their broadcast: a stage that runs again on an
     * unchanged configuration reuses it instead of serializing the whole configuration into a new
     * broadcast (a 4 MB block buffer on the driver) for every job.
     */
    private static final Map<SparkContext, Shipped> SHIPPED = new WeakHashMap<>();

    private final Broadcast<SerializableConfiguration> conf;

    private HadoopConf(Broadcast<SerializableConfiguration> conf) {
        this.conf = conf;
    }

    private record Shipped(Map<String, String> entries, HadoopConf conf) {}

    /** The session's configuration as it is now, for this job's tasks. */
    public static HadoopConf ship(SparkSession spark) {
        SparkContext sc = spark.sparkContext();
        Map<String, String> entries = entries(sc.hadoopConfiguration());
        synchronized (SHIPPED) {
            Shipped last = SHIPPED.get(sc);
            if (last == null || !last.entries().equals(entries)) {
                // A copy, so that the broadcast keeps these entries even where a task reads the
                // driver's object (local mode) and the session's configuration changes later.
                Configuration copy = new Configuration(sc.hadoopConfiguration());
                last = new Shipped(entries(copy), new HadoopConf(sc.broadcast(new SerializableConfiguration(copy),
                        scala.reflect.ClassTag$.MODULE$.apply(SerializableConfiguration.class))));
                SHIPPED.put(sc, last);
            }
            return last.conf();
        }
    }

    private static Map<String, String> entries(Configuration conf) {
        Map<String, String> entries = new HashMap<>();
        for (Map.Entry<String, String> e : conf) {
            entries.put(e.getKey(), e.getValue());
        }
        return entries;
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
