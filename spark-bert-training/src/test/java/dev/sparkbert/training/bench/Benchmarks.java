package dev.sparkbert.training.bench;

import dev.sparkbert.training.distributed.StepRecord;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/** What the training benchmarks share: a local session, the throughput report, a clean exit. */
final class Benchmarks {

    private Benchmarks() {}

    static SparkSession session(int workers) {
        // As the command line: progress lines at INFO, Spark at WARN.
        org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.WARN);
        org.apache.logging.log4j.core.config.Configurator.setLevel("dev.sparkbert", org.apache.logging.log4j.Level.INFO);
        return SparkSession.builder()
                .master(System.getProperty("sparkbert.master", "local[" + Math.max(2, workers) + "]"))
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
    }

    /** Prints steady-state samples/s (steps 10 on) and the all-reduce share of step time. */
    static void reportThroughput(List<StepRecord> h) {
        List<StepRecord> steady = h.subList(Math.min(10, h.size() - 1), h.size());
        double secs = steady.stream().mapToDouble(StepRecord::seconds).sum();
        double allReduce = steady.stream().mapToDouble(StepRecord::allReduceSeconds).sum();
        long samples = steady.stream().mapToLong(StepRecord::examples).sum();
        System.out.printf("steps=%d first_loss=%.4f last_loss=%.4f%n", h.size(), h.get(0).loss(),
                h.get(h.size() - 1).loss());
        System.out.printf("all-reduce share of step time=%.3f%n", allReduce / secs);
        System.out.printf("train samples/s=%.1f%n", samples / secs);
    }

    /** Runs a benchmark body and exits: Spark's non-daemon threads and native pools would keep the JVM alive. */
    static void run(ThrowingRunnable body) {
        try {
            body.run();
        } catch (Throwable e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
