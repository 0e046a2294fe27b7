package dev.sparkbert.cli;

import java.io.PrintStream;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The driver's live training progress on standard error: on a terminal one bar redrawn in place
 * ({@code [#####-----] step 12/50 epoch ... ETA 40s}), elsewhere (a log file, a notebook) one line
 * per report. Validation results get their own line.
 */
final class ProgressBar implements Consumer<String> {

    private static final Pattern STEP = Pattern.compile("^step (\\d+)/(\\d+)");
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private boolean open;

    ProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void accept(String line) {
        Matcher m = STEP.matcher(line);
        if (!m.find()) {
            finish();
            out.println(line);
            return;
        }
        long done = Long.parseLong(m.group(1));
        long total = Math.max(1, Long.parseLong(m.group(2)));
        int filled = (int) Math.min(WIDTH, done * WIDTH / total);
        String bar = "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + line;
        if (terminal) {
            out.print("\r" + bar);
            open = true;
            if (done == total) {
                finish();
            }
        } else {
            out.println(bar);
        }
        out.flush();
    }

    /** Ends a bar being redrawn, so the next output starts on its own line. */
    synchronized void finish() {
        if (open) {
            out.println();
            open = false;
        }
    }
}
