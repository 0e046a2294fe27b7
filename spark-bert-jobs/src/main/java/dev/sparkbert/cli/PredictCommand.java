package dev.sparkbert.cli;

import dev.sparkbert.core.precision.Cpu;
import dev.sparkbert.core.util.ProcessMemory;
import dev.sparkbert.ml.BertStageModel;
import dev.sparkbert.ml.io.StageReader;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * {@code predict} and {@code bench}: run one stage over a file. {@code predict} writes the input
 * columns plus the stage's outputs; {@code bench} runs the stage several times after two warm-up
 * passes, then the same Spark job without the model, and ends with {@code rows/s=<number>}. Every
 * param of the task's stage is an option ({@code --text-col}, {@code --pooling}, {@code --top-k}...).
 */
final class PredictCommand {

    /** Options that are not stage params. */
    static final Set<String> OWN = Set.of("task", "model", "input", "output", "format", "output-format", "master",
            "passes", "on-bad-lines");

    private PredictCommand() {}

    /** Every option the commands accept: their own plus every model param in kebab case. */
    static Set<String> options() {
        Set<String> names = new LinkedHashSet<>(OWN);
        names.addAll(ParamOptions.of(BertTask.all().stream().map(BertTask::newModel).toList(), Set.of("modelLocation")));
        return names;
    }

    static void run(String command, Options o) throws Exception {
        BertTask task = BertTask.of(o.require("task"), BertTask.all());
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
        String onBadLines = o.choice("on-bad-lines", "fail", Formats.ON_BAD_LINES);
        try (CliSession session = CliSession.start(o, "local[*]", "spark-bert " + command)) {
            SparkSession spark = session.spark();
            String format = o.get("format", Formats.of(input, null));
            Dataset<Row> in = Formats.read(spark, format, input, onBadLines);
            BertStageModel<?> stage = stage(task, o.get("model", "embedded"));
            ParamOptions.apply(stage, o, OWN, command, task.cliName());
            if (bench) {
                bench(stage, evenSlots(in, spark.sparkContext().defaultParallelism()), o.getInt("passes", 3));
            } else {
                Dataset<Row> out = stage.transform(in);
                Formats.write(out, o.get("output-format", format), o.require("output"));
                System.out.println("wrote " + out.columns().length + " columns to " + o.require("output"));
            }
        }
    }

    /** A saved stage folder (Spark metadata) loads as saved; anything else is a checkpoint for the task's stage. */
    static BertStageModel<?> stage(BertTask task, String model) {
        if (StageReader.isSavedStage(model, SparkSession.active().sparkContext().hadoopConfiguration())) {
            Transformer t = DefaultParamsReader.loadParamsInstance(model, SparkSession.active().sparkContext());
            if (!task.modelClass().isInstance(t)) {
                throw new Options.UsageException("--model " + model + " is a saved " + t.getClass().getName()
                        + ", not a " + task.modelClass().getSimpleName() + " (--task " + task.cliName() + ")");
            }
            return (BertStageModel<?>) t;
        }
        return task.fromPretrained(model);
    }

    /**
     * The rows in one partition per task slot, dealt out in order of their length so that every
     * slot gets the same mix of short and long texts: with one partition per slot, a slot that drew
     * longer texts would keep the others idle at the end of every pass (a real job's many
     * partitions even that out).
     */
    static Dataset<Row> evenSlots(Dataset<Row> in, int slots) {
        Column[] all = Arrays.stream(in.columns()).map(in::col).toArray(Column[]::new);
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
            seconds(stage.transform(in));
        }
        double[] rates = new double[passes];
        for (int p = 0; p < passes; p++) {
            rates[p] = rows / seconds(stage.transform(in));
            System.out.printf("pass %d: %.1f rows/s%n", p + 1, rates[p]);
        }
        // The same job with an identity in the stage's place: what Spark itself costs per pass
        // (planning, task launch, rows in and out), which a loop outside Spark does not pay.
        double[] spark = new double[passes];
        for (int p = 0; p < passes; p++) {
            spark[p] = seconds(in.mapPartitions((MapPartitionsFunction<Row, Row>) it -> it, Encoders.row(in.schema())));
        }
        System.out.printf("rows=%d passes=%d mean rows/s=%.1f best rows/s=%.1f%n", rows, passes,
                Arrays.stream(rates).average().orElse(0), Arrays.stream(rates).max().orElse(0));
        System.out.printf("the same Spark job without the model: %.1f ms per pass (median)%n", median(spark) * 1e3);
        System.out.printf("precision %s on a CPU with [%s]; peak resident memory of this JVM %s%n",
                stage.getPrecision(), Cpu.relevantFlags(), peakResident());
        System.out.printf("rows/s=%.1f%n", median(rates));
    }

    /** Seconds to run {@code out} through Spark's no-op sink (every row computed, nothing written). */
    private static double seconds(Dataset<Row> out) {
        long t0 = System.nanoTime();
        out.write().format("noop").mode("overwrite").save();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2;
    }

    /** VmHWM of /proc/self/status (local mode: driver and executor in one JVM), or "unknown". */
    private static String peakResident() {
        long kib = ProcessMemory.kib("VmHWM");
        return kib < 0 ? "unknown" : kib + " kB";
    }

    /** The help text. */
    static String help(String command) {
        if (command.equals("bench")) {
            return String.join("\n",
                    "usage: spark-bert bench --task TASK --input FILE [--passes N] [predict's options]",
                    "  runs the stage twice to warm up, then N times (default 3), then the same job without the model",
                    "  (Spark's own cost per pass); ends with rows/s=<median>");
        }
        StringBuilder b = new StringBuilder("usage: spark-bert predict --task TASK --input FILE --output DIR [options]\n");
        b.append("  TASK:\n");
        for (BertTask t : BertTask.all()) {
            b.append(String.format("    %-24s %s%n", t.cliName(), t.summary()));
        }
        b.append(String.join("\n",
                "  --model        saved stage folder, HF checkpoint folder, .onnx export, or 'embedded' (default)",
                "  --format       " + String.join(" | ", Formats.TABLES) + " (default: from the input's extension)",
                "  --output-format the output's format (default: the input's)",
                "  --on-bad-lines fail (default) | skip: what to do with malformed JSON lines",
                "  --master URL   (default local[*]); any param of the task's stage in kebab case, e.g.",
                "  --text-col --batch-size --max-length --pooling --top-k --aggregation-strategy",
                "  --precision    fp32 (default, HF-exact) | bf16 | int8: the encoder's number format",
                "  vectors are written as number arrays (jsonl, parquet) or one column per element (csv, tsv)"));
        return b.toString();
    }
}
