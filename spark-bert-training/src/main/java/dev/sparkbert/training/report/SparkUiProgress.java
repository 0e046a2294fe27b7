package dev.sparkbert.training.report;

import java.util.function.Consumer;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Shows a fit's progress lines in the Spark UI while its training job runs: each line becomes the
 * description of a job without partitions ("spark-bert progress: step 120/500 epoch 0.48 loss ...")
 * among the application's jobs. Spark records such a job's start and end at once and runs no task,
 * so it needs no free executor core and costs the training nothing; it is the public way to put a
 * changing text in the UI, since Spark keeps a running job's description as it was submitted.
 *
 * <p>At most one line per {@link #INTERVAL_MILLIS} becomes a job, so a long fit does not push the
 * application's other jobs out of the UI ({@code spark.ui.retainedJobs}); the line held back last
 * is shown on {@link #close()}.
 */
public final class SparkUiProgress implements Consumer<String>, AutoCloseable {

    /** The prefix of every progress job's description. */
    public static final String PREFIX = "spark-bert progress: ";
    /** At most one line per this many milliseconds becomes a job. */
    public static final long INTERVAL_MILLIS = 30_000;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.sparkbert.training");

    private final SparkContext sc;
    private long lastShown = Long.MIN_VALUE;
    private String heldBack;

    /** Shows lines of a fit on {@code sc}. */
    public SparkUiProgress(SparkContext sc) {
        this.sc = sc;
    }

    @Override
    public synchronized void accept(String line) {
        long now = System.nanoTime() / 1_000_000;
        if (lastShown != Long.MIN_VALUE && now - lastShown < INTERVAL_MILLIS) {
            heldBack = line;
            return;
        }
        lastShown = now;
        heldBack = null;
        show(line);
    }

    @Override
    public synchronized void close() {
        if (heldBack != null) {
            show(heldBack);
            heldBack = null;
        }
    }

    private void show(String line) {
        // Local properties belong to the calling thread: the fit's own description is untouched.
        String before = sc.getLocalProperty("spark.job.description");
        try {
            sc.setJobDescription(PREFIX + line);
            JavaSparkContext.fromSparkContext(sc).emptyRDD().count();
        } catch (RuntimeException e) {
            // A stopped context: the progress still reaches the log and the listeners.
            LOG.debug("progress not shown in the Spark UI: " + e);
        } finally {
            sc.setJobDescription(before);
        }
    }
}
