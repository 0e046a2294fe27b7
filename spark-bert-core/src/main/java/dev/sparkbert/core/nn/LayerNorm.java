package dev.sparkbert.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code torch.nn.LayerNorm} over the last axis: x of shape (..., size) normalised to zero mean and
 * unit variance, then scaled by {@code weight} and shifted by {@code bias} (both of shape (size)).
 */
public final class LayerNorm extends HfBlock {

    private final Parameter weight;
    private final Parameter bias;
    private final Shape normalizedShape;
    private final float eps;

    private LayerNorm(Builder builder) {
        normalizedShape = new Shape(builder.size);
        eps = builder.eps;
        weight = addWeight("weight", Parameter.Type.GAMMA, normalizedShape);
        bias = addWeight("bias", Parameter.Type.BETA, normalizedShape);
    }

    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        return ai.djl.nn.norm.LayerNorm.layerNorm(x, normalizedShape, value(ps, weight, x, training),
                value(ps, bias, x, training), eps).head();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: {@code setSize} is required; {@code optEps} defaults to 1e-12 as in BERT. */
    public static final class Builder {
        private long size = -1;
        private float eps = 1e-12f;

        public Builder setSize(long n) { size = n; return this; }
        public Builder optEps(double e) { eps = (float) e; return this; }

        public LayerNorm build() {
            if (size <= 0) {
                throw new IllegalArgumentException("LayerNorm needs a positive size, got " + size);
            }
            return new LayerNorm(this);
        }
    }
}
