package dev.sparkbert.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Python wrappers in {@code python/} are what {@link PythonWrappers} writes from today's JVM
 * classes (with {@code -Dsparkbert.pythonRegenerate=true} it writes them).
 */
class PythonWrappersTest {

    private static final Path PYTHON = Path.of("..", "python");

    @Test
    void generatedPythonIsCurrent() throws IOException {
        boolean regenerate = Boolean.getBoolean("sparkbert.pythonRegenerate");
        for (Map.Entry<String, String> f : PythonWrappers.files().entrySet()) {
            Path file = PYTHON.resolve(f.getKey());
            if (regenerate) {
                Files.createDirectories(file.getParent());
                Files.writeString(file, f.getValue());
            }
            assertEquals(f.getValue(), Files.exists(file) ? Files.readString(file) : "<missing>", file
                    + " is not what PythonWrappers writes: regenerate it (see its header)");
        }
    }
}
