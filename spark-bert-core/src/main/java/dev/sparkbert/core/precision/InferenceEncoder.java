package dev.sparkbert.core.precision;

import ai.djl.ndarray.NDArray;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.nn.BertModel;

/**
 * A {@link BertModel}'s embeddings and encoder (no pooler) compiled for inference in a {@link
 * Precision}: it takes int64 ids and gives the last hidden state in float32, so heads and poolers
 * stay float32. Forward passes only read it, so tasks of one JVM share it; close it to free its copies.
 */
public interface InferenceEncoder extends AutoCloseable {

    Precision precision();

    /**
     * The last hidden state, attached to {@code inputIds}' manager.
     *
     * @param inputIds (batch, seq) int64
     * @param tokenTypeIds (batch, seq) int64, or null for all zero
     * @param attentionMask (batch, seq) 1 = token, 0 = padding, or null for all ones
     * @return (batch, seq, hidden) float32
     */
    NDArray forward(NDArray inputIds, NDArray tokenTypeIds, NDArray attentionMask);

    @Override
    void close();

    /**
     * Compiles {@code bert}'s current weights for {@code precision}: {@link OnnxEncoder} for {@link
     * Precision#INT8}, else {@link CompiledEncoder} (float32 reads {@code bert}'s tensors in
     * place: keep {@code bert} open while the encoder is).
     *
     * @param architecture the head being run, for error messages
     * @throws IllegalArgumentException when {@link CompiledEncoder#unsupported} names something, naming it and both
     */
    static InferenceEncoder compile(BertModel bert, Precision precision, String architecture) {
        Cpu.adviseOn(precision);
        return precision == Precision.INT8 ? OnnxEncoder.compile(bert, architecture)
                : CompiledEncoder.compile(bert, precision, architecture);
    }

    /** Throws naming the mode, the head and the reason when {@link CompiledEncoder#unsupported} names one. */
    static void refuseUnsupported(BertConfig config, Precision precision, String architecture) {
        String refusal = CompiledEncoder.unsupported(config);
        if (refusal != null) {
            throw new IllegalArgumentException("precision " + precision + " does not support " + architecture
                    + " with " + refusal + "; use precision fp32");
        }
    }
}
