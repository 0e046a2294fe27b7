package dev.sparkbert.core.nn;

import dev.sparkbert.core.util.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;

/**
 * HF {@code BertSelfAttention}: multi-head scaled dot-product attention. Hidden states (batch, seq,
 * hidden) and an additive mask broadcastable to (batch, heads, seq, seq) give context (batch, seq,
 * hidden).
 */
public final class BertSelfAttention extends HfBlock {

    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final int heads;
    private final int headSize;
    private final float dropout;

    public BertSelfAttention(BertConfig config) {
        int h = config.getHiddenSize();
        query = addModule("query", Linear.builder().setInFeatures(h).setOutFeatures(h).build());
        key = addModule("key", Linear.builder().setInFeatures(h).setOutFeatures(h).build());
        value = addModule("value", Linear.builder().setInFeatures(h).setOutFeatures(h).build());
        heads = config.getNumAttentionHeads();
        headSize = config.getAttentionHeadSize();
        dropout = (float) config.getAttentionProbsDropoutProb();
    }

    public NDArray forward(ParameterStore ps, NDArray hidden, NDArray additiveMask, boolean training) {
        Shape s = hidden.getShape();
        long batch = s.get(0);
        long seq = s.get(1);
        // Scaling the queries, not the (batch, heads, seq, seq) scores, touches seq/headSize times
        // fewer elements (PyTorch's SDPA does the same); equal to HF eager up to float rounding.
        NDArray q = splitHeads(Scalars.div(query.forward(ps, hidden, training), Math.sqrt(headSize)), batch, seq);
        NDArray k = splitHeads(key.forward(ps, hidden, training), batch, seq);
        NDArray v = splitHeads(value.forward(ps, hidden, training), batch, seq);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
        if (additiveMask != null) {
            scores = scores.add(additiveMask);
        }
        NDArray probs = Dropout.apply(scores.softmax(-1), dropout, training);
        return probs.matMul(v).transpose(0, 2, 1, 3).reshape(batch, seq, (long) heads * headSize);
    }

    private NDArray splitHeads(NDArray x, long batch, long seq) {
        return x.reshape(batch, seq, heads, headSize).transpose(0, 2, 1, 3);
    }
}
