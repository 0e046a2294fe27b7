package dev.sparkbert.training.report;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Live progress of a fit on the driver: the lines rank 0 reports while it trains (step/total,
 * epoch, loss, learning rate, samples/s, ETA; validation results), as they arrive. Every line is
 * logged on the driver (logger {@code dev.sparkbert.training}, INFO) and handed to the listeners
 * added here (the command line draws a progress bar; a notebook can print them with {@link
 * #toConsole()}; the Python wrappers poll a {@link #buffer()} and print them in the cell).
 */
public final class TrainingProgress {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger("dev.sparkbert.training");
    private static final List<Consumer<String>> LISTENERS = new CopyOnWriteArrayList<>();
    private static final Consumer<String> CONSOLE = line -> System.out.println("spark-bert " + line);

    private TrainingProgress() {}

    public static void addListener(Consumer<String> listener) {
        LISTENERS.add(listener);
    }

    public static void removeListener(Consumer<String> listener) {
        LISTENERS.remove(listener);
    }

    /** Prints every progress line to standard output (a notebook cell's output), once however often called. */
    public static void toConsole() {
        if (!LISTENERS.contains(CONSOLE)) {
            LISTENERS.add(CONSOLE);
        }
    }

    /** A listener that keeps the lines until they are polled; {@link Buffer#close()} removes it. */
    public static Buffer buffer() {
        Buffer buffer = new Buffer();
        addListener(buffer);
        return buffer;
    }

    /** A line from rank 0, on the driver. */
    public static void report(String line) {
        LOG.info(line);
        for (Consumer<String> l : LISTENERS) {
            l.accept(line);
        }
    }

    /** The lines reported since it was made, for a caller that polls from another thread (or process). */
    public static final class Buffer implements Consumer<String>, AutoCloseable {
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private Buffer() {}

        @Override
        public void accept(String line) {
            lines.add(line);
        }

        /** The lines not polled yet, in their order; waits up to {@code timeoutMillis} (ms) for the first. */
        public String[] poll(long timeoutMillis) throws InterruptedException {
            List<String> out = new ArrayList<>();
            String first = lines.poll(timeoutMillis, TimeUnit.MILLISECONDS);
            if (first != null) {
                out.add(first);
                lines.drainTo(out);
            }
            return out.toArray(new String[0]);
        }

        @Override
        public void close() {
            removeListener(this);
        }
    }
}
