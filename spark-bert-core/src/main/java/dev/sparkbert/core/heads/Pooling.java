package dev.sparkbert.core.heads;

import dev.sparkbert.core.util.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/** Sentence embeddings from a {@code BertModel}'s outputs, as sentence-transformers computes them. */
public enum Pooling {
    /** The hidden state of [CLS] (the first token). */
    CLS,
    /** The mean of the hidden states of real tokens (attention mask 1). */
    MEAN,
    /** The pooler output: tanh(dense([CLS])); needs a model with a pooler. */
    POOLER;

    /**
     * @param out the bare model's output ({@code last_hidden_state} (batch, seq, hidden), and {@code
     *     pooler_output} for POOLER)
     * @param attentionMask (batch, seq) 1 for tokens, 0 for padding
     * @param normalize scale each embedding to unit L2 norm
     * @return (batch, hidden)
     */
    public NDArray apply(HeadOutput out, NDArray attentionMask, boolean normalize) {
        NDArray hidden = out.get("last_hidden_state");
        NDArray pooled;
        switch (this) {
            case CLS:
                pooled = hidden.get(":, 0, :");
                break;
            case MEAN: {
                NDArray mask = attentionMask.toType(DataType.FLOAT32, false).expandDims(-1);
                pooled = hidden.mul(mask).sum(new int[] {1}).div(Scalars.maximum(mask.sum(new int[] {1}), 1e-9));
                break;
            }
            default:
                if (!out.outputs().containsKey("pooler_output")) {
                    throw new IllegalArgumentException("pooling 'pooler' needs a model with a pooler; this checkpoint"
                            + " has none (use cls or mean)");
                }
                pooled = out.get("pooler_output");
        }
        if (!normalize) {
            return pooled;
        }
        // F.normalize: x / max(||x||, 1e-12)
        return pooled.div(Scalars.maximum(pooled.norm(new int[] {1}, true), 1e-12));
    }

    /** The name a stage's {@code pooling} param takes: {@code cls}, {@code mean} or {@code pooler}. */
    public String paramName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses a {@link #paramName()}, naming the choices on failure. */
    public static Pooling parse(String s) {
        for (Pooling p : values()) {
            if (p.paramName().equals(s)) {
                return p;
            }
        }
        throw new IllegalArgumentException("pooling '" + s + "' is not one of "
                + java.util.Arrays.stream(values()).map(Pooling::paramName).toList());
    }
}
