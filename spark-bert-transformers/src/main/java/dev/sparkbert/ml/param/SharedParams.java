package dev.sparkbert.ml.param;

import dev.sparkbert.core.tokenize.Truncation;
import java.util.Arrays;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable;

/**
 * The params every spark-bert stage shares, defined once: each stage creates its own instances
 * (Spark params belong to one owner) with these names, docs and validators.
 */
public final class SharedParams {

    /** {@code handleInvalid} values, as in MLlib. */
    public static final String[] HANDLE_INVALID = {"error", "skip", "keep"};

    private SharedParams() {}

    public static Param<String> modelLocation(Identifiable owner) {
        return new Param<>(owner, "modelLocation", "HF checkpoint folder (config.json, model.safetensors,"
                + " tokenizer files) on any Hadoop FileSystem, or 'embedded' for the bundled all-MiniLM-L6-v2");
    }

    public static IntParam batchSize(Identifiable owner) {
        return new IntParam(owner, "batchSize", "rows per forward pass (> 0)", ParamValidators.gt(0));
    }

    public static IntParam maxLength(Identifiable owner) {
        return new IntParam(owner, "maxLength", "maximum tokens per sequence, special tokens included (>= 8),"
                + " capped at the model's max_position_embeddings; longer inputs are truncated (question answering:"
                + " windowed)", ParamValidators.gtEq(8));
    }

    public static Param<String> truncation(Identifiable owner) {
        String[] names = Arrays.stream(Truncation.values()).map(Truncation::hfName).toArray(String[]::new);
        return new Param<>(owner, "truncation", "truncation strategy: " + String.join(", ", names),
                ParamValidators.inArray(names));
    }

    public static Param<String> handleInvalid(Identifiable owner) {
        return new Param<>(owner, "handleInvalid", "what to do with a malformed input value: 'error' fails naming the"
                + " column and row, 'skip' drops the row, 'keep' gives null outputs",
                ParamValidators.inArray(HANDLE_INVALID));
    }

    /** An input or output column name param. */
    public static Param<String> column(Identifiable owner, String name, String doc) {
        return new Param<>(owner, name, doc);
    }

    /** The defaults of the shared stage params: the embedded encoder, batches of 32, 128 tokens, HF truncation, errors on bad input. */
    public static void setStageDefaults(BertStageParams stage) {
        stage.setDefault(stage.modelLocation(), dev.sparkbert.ml.exec.ModelLocation.EMBEDDED);
        stage.setDefault(stage.batchSize(), 32);
        stage.setDefault(stage.maxLength(), 128);
        stage.setDefault(stage.truncation(), Truncation.LONGEST_FIRST.hfName());
        stage.setDefault(stage.handleInvalid(), "error");
    }
}
