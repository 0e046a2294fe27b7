package dev.sparkbert.ml.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.sparkbert.ml.SparkTestSession;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class HadoopConfTest {

    private final SparkSession spark = SparkTestSession.get();

    @Test
    void anUnchangedConfigurationIsShippedOnceAndAChangeShipsAgain() {
        String key = "fs.sparkbert-test.marker";
        Configuration live = spark.sparkContext().hadoopConfiguration();
        HadoopConf before = HadoopConf.ship(spark);
        assertSame(before, HadoopConf.ship(spark), "the same entries reuse the broadcast");
        live.set(key, "one");
        try {
            HadoopConf changed = HadoopConf.ship(spark);
            assertNotSame(before, changed);
            assertNull(before.get().get(key), "a shipped configuration is a snapshot");
            assertSame(changed, HadoopConf.ship(spark));
            live.set(key, "two");
            HadoopConf again = HadoopConf.ship(spark);
            assertEquals("one", changed.get().get(key));
            assertEquals(List.of("two", "two"), JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(List.of(1, 2), 2).map(i -> again.get().get(key)).collect(), "the tasks see the change");
        } finally {
            live.unset(key);
        }
        assertNull(HadoopConf.ship(spark).get().get(key));
    }
}
