package dev.sparkbert.cli;

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
    void malformedJsonLinesAreReportedWithTheirLineAndSkippedOnlyWhenAsked(@TempDir Path tmp) throws Exception {
        SparkTestSession.get();
        Path in = tmp.resolve("in.jsonl");
        Files.writeString(in, "{\"review\":\"good\"}\n{\"review\":\"bad\"}\n{\"review\": oops\n\n{\"review\":\"ok\"}\n");
        String model = SparkTestSession.fixtures().resolve("seqcls_single_label").toString();
        String[] args = {"predict", "--task", "sequence-classification", "--model", model, "--input", in.toString(),
            "--output", tmp.resolve("out").toString(), "--text-col", "review"};
        String err = stderrOf(() -> assertEquals(1, SparkBertCli.run(args)));
        assertTrue(err.contains("1 malformed JSON line in") && err.contains("line 3: {\"review\": oops"), err);
        assertTrue(!Files.exists(tmp.resolve("out")), "nothing written");
        List<String> skip = new java.util.ArrayList<>(List.of(args));
        skip.addAll(List.of("--on-bad-lines", "skip"));
        err = stderrOf(() -> assertEquals(0, SparkBertCli.run(skip.toArray(new String[0]))));
        assertTrue(err.contains("skipping 1 malformed JSON line"), err);
        assertEquals(3, SparkTestSession.get().read().json(tmp.resolve("out").toString()).count());
    }

    @Test
    void predictWritesVectorsAsNumbersAPersonCanRead(@TempDir Path tmp) throws Exception {
        SparkTestSession.get();
        Path in = tmp.resolve("in.jsonl");
        Files.writeString(in, "{\"review\":\"a fine film\"}\n{\"review\":null}\n");
        String model = SparkTestSession.fixtures().resolve("seqcls_single_label").toString();
        for (String format : List.of("jsonl", "parquet", "tsv")) {
            assertEquals(0, SparkBertCli.run(new String[] {"predict", "--task", "sequence-classification", "--model",
                model, "--input", in.toString(), "--output", tmp.resolve(format).toString(), "--text-col", "review",
                "--output-format", format}), format);
        }
        String json = partText(tmp.resolve("jsonl"));
        assertTrue(json.contains("\"probability\":[0.") && !json.contains("\"type\""), json);
        var parquet = SparkTestSession.get().read().parquet(tmp.resolve("parquet").toString()).schema();
        assertEquals("array<double>", parquet.apply("probability").dataType().simpleString());
        String tsv = partText(tmp.resolve("tsv"));
        assertTrue(tsv.startsWith("review\tprediction\tprobability_0\tprobability_1\tprobability_2\trawPrediction_0\t"),
                tsv);
    }

    private static String partText(Path folder) throws java.io.IOException {
        try (var parts = Files.list(folder)) {
            StringBuilder b = new StringBuilder();
            for (Path p : parts.filter(f -> f.getFileName().toString().startsWith("part-")).toList()) {
                b.append(Files.readString(p));
            }
            return b.toString();
        }
    }

    private static String stderrOf(Runnable r) {
        return printed(System.err, System::setErr, r);
    }

    private static String stdoutOf(Runnable r) {
        return printed(System.out, System::setOut, r);
    }

    /** What {@code r} prints to the stream {@code saved}, which {@code set} replaces meanwhile. */
    private static String printed(java.io.PrintStream saved, java.util.function.Consumer<java.io.PrintStream> set,
            Runnable r) {
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        set.accept(new java.io.PrintStream(captured, true));
        try {
            r.run();
        } finally {
            set.accept(saved);
        }
        return captured.toString();
    }

    @Test
    void badCommandLinesExitWithTwoNamingTheOption() {
        assertEquals(2, SparkBertCli.run(new String[] {"predict", "--task", "embedding", "--bogus", "x"}));
        assertEquals(2, SparkBertCli.run(new String[] {"predict", "--task", "poetry", "--input", "a.jsonl",
            "--output", "o"}));
        assertEquals(2, SparkBertCli.run(new String[] {"predict", "--task", "embedding", "--input", "a.jsonl",
            "--output", "o", "--passes", "3"}));
        assertEquals(2, SparkBertCli.run(new String[] {"bench", "--task", "embedding", "--input", "a.jsonl",
            "--passes", "0"}));
        assertEquals(2, SparkBertCli.run(new String[] {"frobnicate"}));
        assertEquals(0, SparkBertCli.run(new String[] {"--help"}));
    }

    private static final Path SAMPLES = Path.of("..", "data-samples");
    private static final String TINY = SparkTestSession.fixtures().resolve("bert_model").toString();

    @Test
    void benchReportsTheStagesRateAndSparksOwnCostPerPass() {
        SparkTestSession.get();
        String out = stdoutOf(() -> assertEquals(0, SparkBertCli.run(new String[] {"bench", "--task", "embedding",
            "--model", TINY, "--input", SAMPLES.resolve("sentiment/test.tsv").toString(), "--text-col", "sentence",
            "--passes", "2"})));
        java.util.regex.Matcher spark = java.util.regex.Pattern
                .compile("the same Spark job without the model: ([0-9.]+) ms per pass").matcher(out);
        java.util.regex.Matcher rate = java.util.regex.Pattern.compile("(?m)^rows/s=([0-9.]+)$").matcher(out);
        assertTrue(spark.find() && Double.parseDouble(spark.group(1)) > 0, out);
        assertTrue(rate.find() && Double.parseDouble(rate.group(1)) > 0, out);
        assertTrue(out.indexOf("the same Spark job") < rate.start(), "rows/s= stays the last line: " + out);
    }

    @Test
    void finetuneWritesTheStageMetricsAndCurvesForEachInputFormat(@TempDir Path tmp) throws Exception {
        SparkTestSession.get();
        String[][] runs = {
            {"sequence-classification", SAMPLES.resolve("sentiment/train.tsv").toString(), "--text-col", "sentence",
                "--max-length", "32"},
            {"token-classification", SAMPLES.resolve("ner/train.conll").toString(), "--max-length", "32"},
            {"question-answering", SAMPLES.resolve("qa/squad.json").toString(), "--max-length", "64", "--doc-stride", "8"},
            {"multiple-choice", SAMPLES.resolve("multiple-choice/questions.jsonl").toString(), "--max-length", "32"}};
        for (String[] r : runs) {
            Path out = tmp.resolve(r[0]);
            List<String> args = new java.util.ArrayList<>(List.of("finetune", "--task", r[0], "--model", TINY,
                    "--train", r[1], "--output", out.toString(), "--workers", "2", "--max-steps", "3",
                    "--per-worker-batch-size", "2", "--validation-fraction", "0.2"));
            args.addAll(List.of(r).subList(2, r.length));
            assertEquals(0, SparkBertCli.run(args.toArray(new String[0])), r[0]);
            String metrics = Files.readString(out.resolve("metrics.json"));
            assertTrue(metrics.contains("\"train_samples_per_second\"") && metrics.contains("\"eval_loss\""), metrics);
            assertTrue(Files.isRegularFile(out.resolve("model/data/checkpoint/model.safetensors")), r[0]);
            java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(out.resolve("training_curves.png").toFile());
            assertTrue(png.getWidth() > 0 && png.getHeight() > 0);
        }
        // evaluate scores a labelled file with each saved stage and writes the metrics.
        String[][] evals = {
            {"sequence-classification", SAMPLES.resolve("sentiment/test.tsv").toString(), "accuracy"},
            {"token-classification", SAMPLES.resolve("ner/train.conll").toString(), "entity_f1"},
            {"question-answering", SAMPLES.resolve("qa/squad.json").toString(), "exact_match"},
            {"multiple-choice", SAMPLES.resolve("multiple-choice/questions.jsonl").toString(), "accuracy"}};
        for (String[] e : evals) {
            Path metrics = tmp.resolve(e[0] + "-eval.json");
            assertEquals(0, SparkBertCli.run(new String[] {"evaluate", "--task", e[0], "--model",
                tmp.resolve(e[0] + "/model").toString(), "--input", e[1], "--output", metrics.toString()}), e[0]);
            double value = com.google.gson.JsonParser.parseString(Files.readString(metrics)).getAsJsonObject()
                    .get(e[2]).getAsDouble();
            assertTrue(value >= 0 && value <= 100, e[0] + " " + e[2] + "=" + value);
        }
        // The saved sentiment stage loads and scores.
        var model = dev.sparkbert.ml.classification.BertSequenceClassificationModel.load(
                tmp.resolve("sequence-classification/model").toString());
        assertEquals(List.of("negative", "positive"), List.copyOf(model.config().getId2label().values()));
    }

    @Test
    void pretrainExportAndDemoRunOnTheSamples(@TempDir Path tmp) throws Exception {
        SparkTestSession.get();
        assertEquals(0, SparkBertCli.run(new String[] {"pretrain", "--model", TINY, "--train",
            SAMPLES.resolve("pretraining/documents.txt").toString(), "--output", tmp.resolve("mlm").toString(),
            "--max-steps", "3", "--per-worker-batch-size", "2", "--max-length", "32"}));
        assertTrue(Files.readString(tmp.resolve("mlm/model/data/checkpoint/config.json")).contains("BertForPreTraining"));
        assertEquals(0, SparkBertCli.run(new String[] {"export", "--model", tmp.resolve("mlm/model").toString(),
            "--output", tmp.resolve("hf").toString()}));
        assertTrue(Files.isRegularFile(tmp.resolve("hf/model.safetensors")));
        assertEquals(0, SparkBertCli.run(new String[] {"demo", "--model", TINY, "--max-steps", "4", "--output",
            tmp.resolve("demo").toString(), "--data", SAMPLES.resolve("sentiment").toString()}));
        for (String f : List.of("pipeline-model/metadata", "hf-checkpoint/model.safetensors", "predictions",
                "metrics.json", "training_curves.png")) {
            assertTrue(Files.exists(tmp.resolve("demo").resolve(f)), f);
        }
        // The saved PipelineModel scores the same as the demo's own predictions.
        var rows = SparkTestSession.get().read().json(tmp.resolve("demo/predictions").toString())
                .orderBy("sentence").collectAsList();
        var reloaded = org.apache.spark.ml.PipelineModel.load(tmp.resolve("demo/pipeline-model").toString())
                .transform(SparkTestSession.get().read().text(SAMPLES.resolve("sentiment/unseen.txt").toString())
                        .withColumnRenamed("value", "sentence"))
                .orderBy("sentence").select("prediction").collectAsList();
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(rows.get(i).<Double>getAs("prediction"), reloaded.get(i).getDouble(0), 1e-9);
        }
    }

    @Test
    void finetuneRefusesUnknownMisappliedOrBadOptionsNamingThem(@TempDir Path tmp) throws Exception {
        String train = SAMPLES.resolve("sentiment/train.tsv").toString();
        assertEquals(2, SparkBertCli.run(new String[] {"finetune", "--task", "sequence-classification", "--train", train,
            "--output", tmp.resolve("o").toString(), "--learning-rat", "1e-4"}));
        assertEquals(2, SparkBertCli.run(new String[] {"finetune", "--task", "sequence-classification", "--train", train,
            "--output", tmp.resolve("o").toString(), "--words-col", "w"}));
        assertEquals(2, SparkBertCli.run(new String[] {"finetune", "--task", "sequence-classification", "--train", train,
            "--output", tmp.resolve("o").toString(), "--learning-rate", "fast"}));
        assertEquals(2, SparkBertCli.run(new String[] {"finetune", "--task", "sequence-classification", "--train", train,
            "--output", tmp.toString()}));
        assertEquals(0, SparkBertCli.run(new String[] {"finetune", "--help"}));
    }
}
