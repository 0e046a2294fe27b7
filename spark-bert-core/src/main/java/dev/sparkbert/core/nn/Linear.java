package dev.sparkbert.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * {@code torch.nn.Linear}: y = x W<sup>T</sup> + b for x of shape (..., inFeatures), W of shape
 * (outFeatures, inFeatures), giving (..., outFeatures). Parameters {@code weight} and {@code bias}.
 */
public final class Linear extends HfBlock {

    private final Parameter weight;
    private final Parameter bias;
    private final long outFeatures;

    private Linear(Builder builder) {
        outFeatures = builder.outFeatures;
        weight = addWeight("weight", Parameter.Type.WEIGHT, new Shape(builder.outFeatures, builder.inFeatures));
        bias = builder.bias ? addWeight("bias", Parameter.Type.BIAS, new Shape(builder.outFeatures)) : null;
    }

    /** Applies the layer to x of shape (..., inFeatures). */
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray w = value(ps, weight, x, training);
        return bias == null
                ? ai.djl.nn.core.Linear.linear(x, w).head()
                : ai.djl.nn.core.Linear.linear(x, w, value(ps, bias, x, training)).head();
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(forward(ps, inputs.singletonOrThrow(), training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {in.slice(0, in.dimension() - 1).add(outFeatures)};
    }

    public Parameter getWeight() {
        return weight;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: {@code setInFeatures} and {@code setOutFeatures} are required. */
    public static final class Builder {
        private long inFeatures = -1;
        private long outFeatures = -1;
        private boolean bias = true;

        public Builder setInFeatures(long n) { inFeatures = n; return this; }
        public Builder setOutFeatures(long n) { outFeatures = n; return this; }
        public Builder optBias(boolean withBias) { bias = withBias; return this; }

        public Linear build() {
            if (inFeatures <= 0 || outFeatures <= 0) {
                throw new IllegalArgumentException("Linear needs positive inFeatures and outFeatures, got "
                        + inFeatures + " and " + outFeatures);
            }
            return new Linear(this);
        }
    }
}
