package dev.sparkbert.training.report;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Live progress of a fit on the driver: the lines rank 0 reports while it trains (step/total,
 * epoch, loss, learning rate, samples/s, ETA; validation results), as they arrive. Every line is
 * logged on the driver (logger {@code dev.sparkbert.training}, INFO) and handed to the listeners
 * added here (the command line draws a progress bar; a notebook can print them with {@link
 * #toConsole()}).
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

    /** A line from rank 0, on the driver. */
    public static void report(String line) {
        LOG.info(line);
        for (Consumer<String> l : LISTENERS) {
            l.accept(line);
        }
    }
}
