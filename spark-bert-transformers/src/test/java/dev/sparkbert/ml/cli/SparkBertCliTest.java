package dev.sparkbert.ml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkbert.ml.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkBertCliTest {

    @Test
    void predictWritesInputColumnsPlusOutputs(@TempDir Path tmp) throws Exception {
        SparkTestSession.get();
        Path in = tmp.resolve("in.jsonl");
        Files.writeString(in, "{\"id\":1,\"review\":\"a fine film\"}\n{\"id\":2,\"review\":null}\n");
        String model = SparkTestSession.fixtures().resolve("seqcls_single_label").toString();
        int rc = SparkBertCli.run(new String[] {"predict", "--task", "sequence-classification", "--model", model,
            "--input", in.toString(), "--output", tmp.resolve("out").toString(), "--text-col", "review",
            "--batch-size", "4"});
        assertEquals(0, rc);
        List<Row> rows = SparkTestSession.get().read().json(tmp.resolve("out").toString()).orderBy("id").collectAsList();
        assertEquals(2, rows.size());
        List<String> cols = List.of(rows.get(0).schema().fieldNames());
        assertTrue(cols.containsAll(List.of("id", "review", "prediction", "probability", "rawPrediction")), cols.toString());
        assertEquals(1, SparkBertCli.run(new String[] {"predict", "--task", "sequence-classification", "--model", model,
            "--input", in.toString(), "--output", tmp.resolve("out").toString(), "--text-col", "review"}),
                "an existing output is not overwritten");
    }

    @Test
    void badCommandLinesExitWithTwoNamingTheOption() {
        assertEquals(2, SparkBertCli.run(new String[] {"predict", "--task", "embedding", "--bogus", "x"}));
        assertEquals(2, SparkBertCli.run(new String[] {"predict", "--task", "poetry", "--input", "a.jsonl",
            "--output", "o"}));
        assertEquals(2, SparkBertCli.run(new String[] {"predict", "--task", "embedding", "--input", "a.jsonl",
            "--output", "o", "--passes", "3"}));
        assertEquals(2, SparkBertCli.run(new String[] {"frobnicate"}));
        assertEquals(0, SparkBertCli.run(new String[] {"--help"}));
    }
}
