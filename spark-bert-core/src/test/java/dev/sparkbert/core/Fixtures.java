package dev.sparkbert.core;

import ai.djl.ndarray.NDArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the HF reference fixtures are ({@code -Dsparkbert.fixtures=DIR}), and comparisons against them. */
public final class Fixtures {

    private Fixtures() {}

    /** The fixture folder: {@code -Dsparkbert.fixtures}, else {@code ../shared/fixtures/hf-bert-tiny} from the project root. */
    public static Path dir() {
        String configured = System.getProperty("sparkbert.fixtures");
        Path p = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of("..", "..", "shared", "fixtures", "hf-bert-tiny");
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("fixtures folder " + p.toAbsolutePath()
                    + " does not exist; set -Dsparkbert.fixtures=DIR");
        }
        return p;
    }

    public static JsonObject json(Path file) throws IOException {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    /** Largest absolute difference between two arrays of the same shape. */
    public static double maxAbsDiff(NDArray actual, NDArray expected) {
        if (!actual.getShape().equals(expected.getShape())) {
            throw new AssertionError("shape " + actual.getShape() + " != expected " + expected.getShape());
        }
        float[] a = actual.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        float[] e = expected.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - e[i]);
            if (Double.isNaN(d)) {
                return Double.POSITIVE_INFINITY;
            }
            max = Math.max(max, d);
        }
        return max;
    }

    /** |actual - expected| / max(|expected|, tiny). */
    public static double relDiff(double actual, double expected) {
        return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-12);
    }
}
