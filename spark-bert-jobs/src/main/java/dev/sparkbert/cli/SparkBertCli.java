package dev.sparkbert.cli;

import java.util.Arrays;
import java.util.Map;

/**
 * The entry point of {@code bin/spark-bert} and of the spark-submit jobs jar: {@code demo},
 * {@code predict}, {@code bench}, {@code finetune}, {@code pretrain}, {@code evaluate}, {@code export}. Exit status:
 * 0 on success, 2 on a bad command line (the message names the option), 1 on failure (with
 * {@code SPARK_BERT_DEBUG} set in the environment, the failure's stack trace follows its message).
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
            "predict", PredictCommand.help("predict"),
            "bench", PredictCommand.help("bench"),
            "finetune", TrainCommand.help("finetune"),
            "pretrain", TrainCommand.help("pretrain"),
            "evaluate", EvaluateCommand.help(),
            "export", ExportCommand.help(),
            "demo", DemoCommand.help());

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
                    PredictCommand.run(command, new Options(command, args, 1, PredictCommand.options()));
                    break;
                case "finetune":
                case "pretrain":
                    TrainCommand.run(command, new Options(command, args, 1, TrainCommand.options(command)));
                    break;
                case "export":
                    ExportCommand.run(new Options(command, args, 1, ExportCommand.OPTIONS));
                    break;
                case "evaluate":
                    EvaluateCommand.run(new Options(command, args, 1, EvaluateCommand.options()));
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
            if (System.getenv("SPARK_BERT_DEBUG") != null) {
                e.printStackTrace();
            }
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
