package dev.sparkbert.ml.cli;

import java.util.Arrays;

/**
 * The {@code bin/spark-bert} entry point for the inference commands {@code predict} and {@code
 * bench}. Exit status: 0 on success, 2 on a bad command line, 1 on failure.
 */
public final class SparkBertCli {

    private static final String USAGE = String.join("\n",
            "usage: spark-bert predict --task TASK --input FILE --output DIR [options]",
            "       spark-bert bench   --task TASK --input FILE [--passes N] [options]",
            "  TASK: " + String.join(" | ", PredictCommand.TASKS.keySet()),
            "  --model      saved stage folder, HF checkpoint folder, or 'embedded' (default)",
            "  --format     jsonl | parquet | csv | tsv (default: from the input's extension)",
            "  --text-col --text-pair-col --question-col --context-col --choices-col --prompt-col",
            "  --sentence-a-col --sentence-b-col   input column names",
            "  --batch-size N  --max-length N  --master URL (default local[*])");

    private SparkBertCli() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || Arrays.asList("-h", "--help", "help").contains(args[0])) {
            System.out.println(USAGE);
            return 0;
        }
        String command = args[0];
        try {
            if (args.length > 1 && (args[1].equals("--help") || args[1].equals("-h"))) {
                System.out.println(USAGE);
                return 0;
            }
            if (!command.equals("predict") && !command.equals("bench")) {
                throw new Options.UsageException("unknown command '" + command + "'");
            }
            PredictCommand.run(command, new Options(command, args, 1, PredictCommand.OPTIONS));
            return 0;
        } catch (Options.UsageException e) {
            System.err.println("spark-bert: " + e.getMessage());
            System.err.println(USAGE);
            return 2;
        } catch (Exception e) {
            System.err.println("spark-bert " + command + " failed: " + e);
            return 1;
        }
    }
}
