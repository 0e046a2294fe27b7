package dev.sparkbert.jobs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The notebooks in {@code notebooks/} that match the glob {@code sparkbert.notebooks} (default: all)
 * run end to end on local Spark with the project's jars, fed cell by cell to the Scala interpreter.
 * The build runs all of them on the Spark 4 line and the first on the Spark 3.5 line, where it
 * exercises that line's interpreter. The notebooks read their settings from system properties
 * (on Databricks they fall back to the embedded model and DBFS paths); here they train the tiny
 * fixture model for a few steps on {@code data-samples/}.
 */
class NotebooksIT {

    private static final Path NOTEBOOKS = Path.of("..", "notebooks");
    private static NotebookRunner runner;

    @TempDir
    static Path output;

    @BeforeAll
    static void start() {
        System.setProperty("sparkbert.samples", Path.of("..", "data-samples").toAbsolutePath().normalize().toString());
        System.setProperty("sparkbert.model", Path.of(System.getProperty("sparkbert.fixtures"), "bert_model")
                .toAbsolutePath().toString());
        System.setProperty("sparkbert.maxSteps", "6");
        System.setProperty("sparkbert.outputDir", output.toString());
        runner = new NotebookRunner("local[2]");
    }

    @AfterAll
    static void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    static List<Path> notebooks() throws Exception {
        String glob = System.getProperty("sparkbert.notebooks", "*.scala");
        PathMatcher chosen = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        try (Stream<Path> files = Files.list(NOTEBOOKS)) {
            List<Path> out = files.filter(f -> f.toString().endsWith(".scala") && chosen.matches(f.getFileName()))
                    .sorted().toList();
            assertFalse(out.isEmpty(), "no notebook in " + NOTEBOOKS + " matches " + glob);
            return out;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notebooks")
    void notebookRunsEndToEnd(Path notebook) throws Exception {
        assertTrue(NotebookRunner.codeCells(notebook).size() >= 4, "code cells of " + notebook);
        long before = trainedModels();
        runner.run(notebook);
        if (Files.readString(notebook).contains(".fit(")) {
            // On a cluster the driver reads what a replica wrote only from shared storage: checkpointDir.
            assertTrue(trainedModels() > before, notebook + " wrote no trained model under its checkpointDir");
        }
    }

    /** The trained models written under the notebooks' {@code $outputDir/checkpoints}. */
    private static long trainedModels() throws java.io.IOException {
        Path dir = output.resolve("checkpoints");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("final-")).count();
        }
    }
}
