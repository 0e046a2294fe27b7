package dev.sparkbert.ml.cli;

import dev.sparkbert.ml.BertStageModel;
import dev.sparkbert.ml.choice.BertMultipleChoiceModel;
import dev.sparkbert.ml.classification.BertSequenceClassificationModel;
import dev.sparkbert.ml.embedding.BertEmbeddingModel;
import dev.sparkbert.ml.lm.BertCausalLMModel;
import dev.sparkbert.ml.lm.BertMaskedLMModel;
import dev.sparkbert.ml.lm.BertNextSentenceModel;
import dev.sparkbert.ml.qa.BertQuestionAnsweringModel;
import dev.sparkbert.ml.token.BertTokenClassificationModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.AtomicType;
import org.apache.spark.sql.types.StructField;

/**
 * {@code predict} and {@code bench}: run one stage over a file. {@code predict} writes the input
 * columns plus the stage's outputs; {@code bench} runs the stage several times after two warm-up
 * passes and ends with {@code rows/s=<number>}.
 */
public final class PredictCommand {

    /** Task name to the stage's {@code fromPretrained}, in the order help texts list them. */
    public static final Map<String, Function<String, BertStageModel<?>>> TASKS = tasks();

    /** Column options and the stage params they set. */
    private static final Map<String, String> COLUMN_OPTIONS = Map.ofEntries(
            Map.entry("text-col", "textCol"), Map.entry("text-pair-col", "textPairCol"),
            Map.entry("question-col", "questionCol"), Map.entry("context-col", "contextCol"),
            Map.entry("choices-col", "choicesCol"), Map.entry("prompt-col", "promptCol"),
            Map.entry("sentence-a-col", "sentenceACol"), Map.entry("sentence-b-col", "sentenceBCol"));

    private static Map<String, Function<String, BertStageModel<?>>> tasks() {
        Map<String, Function<String, BertStageModel<?>>> m = new java.util.LinkedHashMap<>();
        m.put("sequence-classification", BertSequenceClassificationModel::fromPretrained);
        m.put("token-classification", BertTokenClassificationModel::fromPretrained);
        m.put("question-answering", BertQuestionAnsweringModel::fromPretrained);
        m.put("multiple-choice", BertMultipleChoiceModel::fromPretrained);
        m.put("fill-mask", BertMaskedLMModel::fromPretrained);
        m.put("next-sentence", BertNextSentenceModel::fromPretrained);
        m.put("causal-lm", BertCausalLMModel::fromPretrained);
        m.put("embedding", BertEmbeddingModel::fromPretrained);
        return java.util.Collections.unmodifiableMap(m);
    }

    public static final Set<String> OPTIONS = new LinkedHashSet<>(List.of("task", "model", "input", "output", "format",
            "batch-size", "max-length", "master", "passes"));

    static {
        OPTIONS.addAll(COLUMN_OPTIONS.keySet());
    }

    private PredictCommand() {}

    public static void run(String command, Options o) throws Exception {
        String task = o.require("task");
        if (!TASKS.containsKey(task)) {
            throw new Options.UsageException(command + ": --task '" + task + "' is not one of " + TASKS.keySet());
        }
        String input = o.require("input");
        boolean bench = command.equals("bench");
        if (!bench && !o.has("output")) {
            throw new Options.UsageException("predict: option --output is required");
        }
        if (!bench && o.has("passes")) {
            throw new Options.UsageException("predict: --passes only applies to bench");
        }
        if (bench && o.getInt("passes", 3) < 1) {
            throw new Options.UsageException("bench: --passes must be at least 1, got " + o.getInt("passes", 3));
        }
        try (CliSession session = CliSession.start(o, "local[*]", "spark-bert " + command)) {
            SparkSession spark = session.spark();
            String format = o.get("format", Formats.fromExtension(input));
            Dataset<Row> in = Formats.read(spark, format, input);
            BertStageModel<?> stage = stage(task, o.get("model", "embedded"));
            configure(stage, o, command, task);
            if (bench) {
                bench(stage, evenSlots(in, spark.sparkContext().defaultParallelism()), o.getInt("passes", 3));
            } else {
                Dataset<Row> out = stage.transform(in);
                Formats.write(flattenForText(out, format), format, o.require("output"));
                System.out.println("wrote " + out.columns().length + " columns to " + o.require("output"));
            }
        }
    }

    /** Applies the column options, {@code --batch-size} and {@code --max-length} to a stage. */
    public static void configure(BertStageModel<?> stage, Options o, String command, String task) {
        for (Map.Entry<String, String> c : COLUMN_OPTIONS.entrySet()) {
            if (o.has(c.getKey())) {
                if (!stage.hasParam(c.getValue())) {
                    throw new Options.UsageException(command + ": --" + c.getKey() + " does not apply to --task " + task);
                }
                stage.set(stage.getParam(c.getValue()), o.get(c.getKey(), null));
            }
        }
        if (o.has("batch-size")) {
            stage.setBatchSize(o.getInt("batch-size", 32));
        }
        if (o.has("max-length")) {
            stage.setMaxLength(o.getInt("max-length", 128));
        }
    }

    /** Column option names (kebab case) of the stages. */
    public static Set<String> columnOptions() {
        return COLUMN_OPTIONS.keySet();
    }

    /** A saved stage folder (Spark metadata) loads as saved; anything else is a checkpoint for the task's stage. */
    public static BertStageModel<?> stage(String task, String model) {
        if (Files.isDirectory(Path.of(model, "metadata"))) {
            Transformer t = DefaultParamsReader.loadParamsInstance(model, SparkSession.active().sparkContext());
            if (!(t instanceof BertStageModel)) {
                throw new Options.UsageException("--model " + model + " is a saved " + t.getClass().getName()
                        + ", not a spark-bert stage");
            }
            return (BertStageModel<?>) t;
        }
        return TASKS.get(task).apply(model);
    }

    /**
     * The rows in one partition per task slot, dealt out in order of their length so that every
     * slot gets the same mix of short and long texts: with one partition per slot, a slot that drew
     * longer texts would keep the others idle at the end of every pass (a real job's many
     * partitions even that out).
     */
    static Dataset<Row> evenSlots(Dataset<Row> in, int slots) {
        Column[] all = java.util.Arrays.stream(in.columns()).map(in::col).toArray(Column[]::new);
        org.apache.spark.api.java.JavaRDD<Row> dealt = in.sort(functions.length(functions.to_json(functions.struct(all))))
                .javaRDD().zipWithIndex()
                .mapToPair(t -> new scala.Tuple2<>(t._2() % slots, t._1()))
                .partitionBy(new org.apache.spark.HashPartitioner(slots)).values();
        return in.sparkSession().createDataFrame(dealt, in.schema()).cache();
    }

    private static void bench(BertStageModel<?> stage, Dataset<Row> in, int passes) {
        long rows = in.count();
        // Two warm-up passes, as the core forward benchmark: the JIT and PyTorch's allocator settle.
        for (int w = 0; w < 2; w++) {
            stage.transform(in).write().format("noop").mode("overwrite").save();
        }
        double[] rates = new double[passes];
        for (int p = 0; p < passes; p++) {
            long t0 = System.nanoTime();
            stage.transform(in).write().format("noop").mode("overwrite").save();
            rates[p] = rows / ((System.nanoTime() - t0) / 1e9);
            System.out.printf("pass %d: %.1f rows/s%n", p + 1, rates[p]);
        }
        double[] sorted = rates.clone();
        java.util.Arrays.sort(sorted);
        double median = (sorted[(passes - 1) / 2] + sorted[passes / 2]) / 2;
        System.out.printf("rows=%d passes=%d mean rows/s=%.1f best rows/s=%.1f%n", rows, passes,
                java.util.Arrays.stream(rates).average().orElse(0), sorted[passes - 1]);
        System.out.printf("rows/s=%.1f%n", median);
    }

    /** CSV/TSV hold only plain values: nested outputs (vectors, structs, arrays) become JSON strings. */
    private static Dataset<Row> flattenForText(Dataset<Row> out, String format) {
        if (!format.equals("csv") && !format.equals("tsv")) {
            return out;
        }
        Column[] cols = new Column[out.schema().size()];
        int i = 0;
        for (StructField f : out.schema().fields()) {
            Column c = functions.col(f.name());
            cols[i++] = f.dataType() instanceof AtomicType ? c
                    : functions.to_json(functions.struct(c)).as(f.name());
        }
        return out.select(cols);
    }

}
