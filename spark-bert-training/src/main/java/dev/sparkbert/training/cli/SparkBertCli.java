package dev.sparkbert.training.cli;

import dev.sparkbert.ml.cli.Options;
import dev.sparkbert.ml.cli.PredictCommand;
import java.util.Arrays;
import java.util.Map;

/**
 * The entry point of {@code bin/spark-bert} and of the spark-submit jobs jar: {@code demo},
 * {@code predict}, {@code bench}, {@code finetune}, {@code pretrain}, {@code evaluate}, {@code export}. Exit status:
 * 0 on success, 2 on a bad command line (the message names the option), 1 on failure.
 */
public final class SparkBertCli {

    private static final String MAIN = String.join("\n",
            "usage: spark-bert <command> [options]     (spark-bert <command> --help for its options)",
            "  demo       fine-tune the embedded MiniLM on data-samples/ sentiment with 2 workers, evaluate, score",
            "  predict    run a model stage over a file and write its outputs",
            "  bench      time a model stage over a file (ends with rows/s=<median of the passes>)",
            "  finetune   fine-tune a model on a file (sequence/token classification, QA, multiple choice)",
            "  pretrain   masked-LM (+ next-sentence) pretraining on text files",
            "  evaluate   score a labelled file with a model and print the task's metrics",
            "  export     write the HF checkpoint of a saved stage (or checkpoint) to a new folder");

    private static final Map<String, String> HELP = Map.of(
            "predict", String.join("\n",
                    "usage: spark-bert predict --task TASK --input FILE --output DIR [options]",
                    "  TASK: " + String.join(" | ", PredictCommand.TASKS.keySet()),
                    "  --model      saved stage folder, HF checkpoint folder, or 'embedded' (default)",
                    "  --format     jsonl | parquet | csv | tsv (default: from the input's extension)",
                    "  --text-col --text-pair-col --question-col --context-col --choices-col --prompt-col",
                    "  --sentence-a-col --sentence-b-col   input column names",
                    "  --batch-size N  --max-length N  --master URL (default local[*])"),
            "bench", String.join("\n",
                    "usage: spark-bert bench --task TASK --input FILE [--passes N] [predict's options]",
                    "  runs the stage twice to warm up, then N times (default 3); ends with rows/s=<median>"),
            "finetune", String.join("\n",
                    "usage: spark-bert finetune --task TASK --train FILE --output DIR [options]",
                    "  TASK: " + String.join(" | ", TrainCommand.TASKS.keySet()),
                    "  --model      HF checkpoint folder or 'embedded' (default)",
                    "  --eval FILE  validation rows (else --validation-fraction F of the training rows)",
                    "  --workers N  model replicas (barrier tasks), default 1; --master URL (default local[max(N, cores)])",
                    "  --format     " + TrainCommand.formats(),
                    "  columns: --text-col --text-pair-col --label-col | --words-col --tags-col |",
                    "           --question-col --context-col --answer-text-col --answer-start-col | --prompt-col --choices-col",
                    "  training: --learning-rate --weight-decay --adam-beta1 --adam-beta2 --adam-epsilon --max-grad-norm",
                    "           --num-train-epochs --max-steps --lr-scheduler-type --warmup-steps --warmup-ratio",
                    "           --per-worker-batch-size --gradient-accumulation-steps --seed --max-length --eval-steps",
                    "           --validation-fraction --checkpoint-dir --checkpoint-steps --logging-steps",
                    "  writes DIR/model (saved stage; HF checkpoint in DIR/model/data/checkpoint), DIR/metrics.json,",
                    "  DIR/training_curves.png; the last line is train samples/s=<steady-state samples per second>"),
            "pretrain", String.join("\n",
                    "usage: spark-bert pretrain --train FILES --output DIR [options]",
                    "  FILES: text files (globs allowed), documents separated by blank lines",
                    "  --model FOLDER|embedded  --from-scratch true|false  --next-sentence-prediction true|false",
                    "  --mlm-probability P  --whole-word-mask true|false  --eval FILES  --workers N",
                    "  and finetune's training options; writes what finetune writes (a fill-mask stage)"),
            "evaluate", String.join("\n",
                    "usage: spark-bert evaluate --task TASK --model MODEL --input FILE [--output metrics.json] [options]",
                    "  TASK: " + String.join(" | ", TrainCommand.TASKS.keySet()),
                    "  --model      saved stage folder (finetune's DIR/model), HF checkpoint folder, or 'embedded'",
                    "  --format     " + TrainCommand.formats(),
                    "  --label-col  gold label column (default label); predict's column options, --batch-size, --max-length",
                    "  metrics: accuracy + weighted F1 | entity-level P/R/F1 (CoNLL) | SQuAD exact match + F1"),
            "export", String.join("\n",
                    "usage: spark-bert export --model SAVED_STAGE_OR_CHECKPOINT --output DIR",
                    "  copies the HF checkpoint (config.json, model.safetensors, tokenizer files) into a new folder"),
            "demo", String.join("\n",
                    "usage: spark-bert demo [--output DIR] [--workers N] [--epochs E] [--data DIR]",
                    "  fine-tunes the embedded all-MiniLM-L6-v2 as a sentiment classifier on data-samples/sentiment",
                    "  (default 2 workers, local Spark), evaluates it on the held-out rows, scores unseen sentences",
                    "  and writes the PipelineModel, HF checkpoint, predictions, metrics.json and training curves"));

    private SparkBertCli() {}

    public static void main(String[] args) {
        configureLogging();
        System.exit(run(args));
    }

    /**
     * As spark-shell does: Spark's own logs at WARN; spark-bert's progress lines (steps, loss,
     * learning rate, samples/s, ETA, validation) at INFO. Also used by the benchmark mains.
     */
    public static void configureLogging() {
        org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.WARN);
        org.apache.logging.log4j.core.config.Configurator.setLevel("dev.sparkbert", org.apache.logging.log4j.Level.INFO);
        // A CPU machine: DJL's "failed to detect GPU count" warning is noise.
        org.apache.logging.log4j.core.config.Configurator.setLevel("ai.djl.util.cuda", org.apache.logging.log4j.Level.ERROR);
    }

    public static int run(String[] args) {
        if (args.length == 0 || Arrays.asList("-h", "--help", "help").contains(args[0])) {
            System.out.println(MAIN);
            return 0;
        }
        String command = args[0];
        try {
            if (!HELP.containsKey(command)) {
                throw new Options.UsageException("unknown command '" + command + "'");
            }
            if (args.length > 1 && (args[1].equals("--help") || args[1].equals("-h"))) {
                System.out.println(HELP.get(command));
                return 0;
            }
            switch (command) {
                case "predict":
                case "bench":
                    PredictCommand.run(command, new Options(command, args, 1, PredictCommand.OPTIONS));
                    break;
                case "finetune":
                case "pretrain":
                    TrainCommand.run(command, new Options(command, args, 1, TrainCommand.options(command)));
                    break;
                case "export":
                    ExportCommand.run(new Options(command, args, 1, ExportCommand.OPTIONS));
                    break;
                case "evaluate":
                    EvaluateCommand.run(new Options(command, args, 1, EvaluateCommand.OPTIONS));
                    break;
                default:
                    DemoCommand.run(new Options(command, args, 1, DemoCommand.OPTIONS));
            }
            return 0;
        } catch (Options.UsageException e) {
            System.err.println("spark-bert: " + e.getMessage());
            System.err.println(HELP.getOrDefault(command, MAIN));
            return 2;
        } catch (Exception e) {
            System.err.println("spark-bert " + command + " failed: " + rootMessage(e));
            return 1;
        }
    }

    /** The first line of each cause's message, outermost first (Spark wraps the real error deeply). */
    private static String rootMessage(Throwable e) {
        StringBuilder b = new StringBuilder(e.toString().lines().findFirst().orElse(""));
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            b.append("\n  caused by: ").append(c.toString().lines().findFirst().orElse(""));
        }
        return b.toString();
    }
}
