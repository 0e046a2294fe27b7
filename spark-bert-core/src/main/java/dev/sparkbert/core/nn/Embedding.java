package dev.sparkbert.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code torch.nn.Embedding}: integer ids of any shape S looked up in {@code weight} of shape
 * (numEmbeddings, dim), giving S + (dim). Ids outside [0, numEmbeddings) are refused with a message
 * naming the table, never passed to the native kernel. In training the table's gradient is sparse
 * (the looked-up rows only, {@code sparse=True}) and is added into the parameter's dense gradient,
 * so a pass allocates no table-sized gradient ({@link dev.sparkbert.core.optim.AdamW#attachGradients}
 * makes that gradient dense before the first pass).
 */
public final class Embedding extends HfBlock {

    private final Parameter weight;
    private final long numEmbeddings;
    private final String what;

    private Embedding(Builder builder) {
        numEmbeddings = builder.numEmbeddings;
        what = builder.what;
        weight = addWeight("weight", Parameter.Type.WEIGHT, new Shape(builder.numEmbeddings, builder.dim));
    }

    public NDArray forward(ParameterStore ps, NDArray ids, boolean training) {
        if (ids.size() > 0) {
            long min = ids.min().getLong();
            long max = ids.max().getLong();
            if (min < 0 || max >= numEmbeddings) {
                throw new IllegalArgumentException(what + " " + (min < 0 ? min : max) + " is outside [0, "
                        + numEmbeddings + ")");
            }
        }
        return ai.djl.nn.core.Embedding.embedding(ids, value(ps, weight, ids, training),
                training ? SparseFormat.COO : SparseFormat.DENSE).head();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.singletonOrThrow(), training));
    }

    public Parameter getWeight() {
        return weight;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: {@code setNumEmbeddings} and {@code setDim} are required. */
    public static final class Builder {
        private long numEmbeddings = -1;
        private long dim = -1;
        private String what = "embedding id";

        public Builder setNumEmbeddings(long n) { numEmbeddings = n; return this; }
        public Builder setDim(long n) { dim = n; return this; }
        /** Names the ids in error messages, e.g. "token id". */
        public Builder optIdName(String name) { what = name; return this; }

        public Embedding build() {
            if (numEmbeddings <= 0 || dim <= 0) {
                throw new IllegalArgumentException("Embedding needs positive numEmbeddings and dim, got "
                        + numEmbeddings + " and " + dim);
            }
            return new Embedding(this);
        }
    }
}
