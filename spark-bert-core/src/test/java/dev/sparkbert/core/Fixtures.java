package dev.sparkbert.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.weights.SafeTensors;
import java.io.IOException;
import java.io.UncheckedIOException;
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

    /**
     * The question-answering fixture's three rows with answer spans (3, 4), (5, 8), (3, 4): the
     * third row is padded and its answer counts, so padded positions reach a QA loss.
     */
    public static BertInputs paddedQaBatch(NDManager m) {
        try {
            SafeTensors c = SafeTensors.open(dir().resolve("question_answering/case.safetensors"));
            return BertInputs.builder().setInputIds(c.read("input.input_ids", m))
                    .optTokenTypeIds(c.read("input.token_type_ids", m))
                    .optAttentionMask(c.read("input.attention_mask", m))
                    .optStartPositions(m.create(new long[] {3, 5, 3}))
                    .optEndPositions(m.create(new long[] {4, 8, 4})).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** |actual - expected| / max(|expected|, tiny). */
    public static double relDiff(double actual, double expected) {
        return Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-12);
    }
}
