package dev.sparkbert.ml.param;

import dev.sparkbert.core.tokenize.Truncation;
import dev.sparkbert.ml.exec.ModelLocation;
import java.util.Arrays;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.sql.types.StructType;

/**
 * The params every spark-bert stage has (inference Models and training Estimators alike): where the
 * model is, how rows are batched and tokenized, and what happens to malformed input.
 */
public interface BertStageParams<S extends BertStageParams<S>> extends BertParams<S> {

    /** {@code handleInvalid} values, as in MLlib. */
    String[] HANDLE_INVALID = {"error", "skip", "keep"};

    default Param<String> modelLocation() {
        return stringParam("modelLocation", "HF checkpoint folder (config.json, model.safetensors, tokenizer files) on"
                + " any Hadoop FileSystem, an ONNX export (.onnx with tokenizer.json beside it), or 'embedded' for the"
                + " bundled all-MiniLM-L6-v2", ModelLocation.EMBEDDED);
    }

    default IntParam batchSize() {
        return intParam("batchSize", "rows per forward pass (> 0)", 32, ParamValidators.gt(0));
    }

    default IntParam maxLength() {
        return intParam("maxLength", "maximum tokens per sequence, special tokens included (>= 8), capped at the"
                + " model's max_position_embeddings; longer inputs are truncated (question answering: windowed)", 128,
                ParamValidators.gtEq(8));
    }

    default Param<String> truncation() {
        return choiceParam("truncation", "truncation strategy", Truncation.LONGEST_FIRST.hfName(),
                Arrays.stream(Truncation.values()).map(Truncation::hfName).toArray(String[]::new));
    }

    default Param<String> handleInvalid() {
        return choiceParam("handleInvalid", "what to do with a malformed input value: 'error' fails naming the column"
                + " and row, 'skip' drops the row, 'keep' gives null outputs", "error", HANDLE_INVALID);
    }

    /** Checks the input columns and returns the schema with this stage's output columns added. */
    StructType validateAndTransformSchema(StructType schema);

    default String getModelLocation() {
        return getOrDefault(modelLocation());
    }

    default int getBatchSize() {
        return (Integer) getOrDefault(batchSize());
    }

    default int getMaxLength() {
        return (Integer) getOrDefault(maxLength());
    }

    default String getTruncation() {
        return getOrDefault(truncation());
    }

    default String getHandleInvalid() {
        return getOrDefault(handleInvalid());
    }

    default S setModelLocation(String value) {
        return with(modelLocation(), value);
    }

    default S setBatchSize(int value) {
        return with(batchSize(), value);
    }

    default S setMaxLength(int value) {
        return with(maxLength(), value);
    }

    default S setTruncation(String value) {
        return with(truncation(), value);
    }

    default S setHandleInvalid(String value) {
        return with(handleInvalid(), value);
    }
}
