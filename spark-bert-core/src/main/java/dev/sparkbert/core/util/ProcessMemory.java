package dev.sparkbert.core.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This JVM's memory as Linux reports it in {@code /proc/self/status}. */
public final class ProcessMemory {

    private ProcessMemory() {}

    /**
     * A field of {@code /proc/self/status} in KiB, e.g. {@code VmRSS} (resident now) or {@code VmHWM}
     * (peak resident); -1 where there is no such file or field (not Linux).
     */
    public static long kib(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
