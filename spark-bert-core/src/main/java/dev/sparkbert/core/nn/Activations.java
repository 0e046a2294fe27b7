package dev.sparkbert.core.nn;

import dev.sparkbert.core.util.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.function.UnaryOperator;

/** The activations of HF's {@code ACT2FN} that BERT configs name in {@code hidden_act}. */
public final class Activations {

    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

    private Activations() {}

    /** The function for an HF activation name; shapes are unchanged. */
    public static UnaryOperator<NDArray> forName(String name) {
        switch (name) {
            case "gelu": // exact erf form, as torch.nn.functional.gelu
                return Activation::gelu;
            case "gelu_new":
            case "gelu_pytorch_tanh":
            case "gelu_fast":
                return Activations::geluTanh;
            case "quick_gelu":
                return x -> x.mul(Activation.sigmoid(Scalars.mul(x, 1.702)));
            case "relu":
                return Activation::relu;
            case "silu":
            case "swish":
                return x -> x.mul(Activation.sigmoid(x));
            case "tanh":
                return NDArray::tanh;
            case "sigmoid":
                return Activation::sigmoid;
            case "linear":
                return x -> x;
            default:
                throw new IllegalArgumentException("hidden_act '" + name + "' is not supported");
        }
    }

    /** 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), HF's {@code NewGELUActivation}. */
    private static NDArray geluTanh(NDArray x) {
        NDArray inner = Scalars.mul(x.add(Scalars.mul(Scalars.pow(x, 3), 0.044715)), SQRT_2_OVER_PI);
        return Scalars.mul(x, 0.5).mul(Scalars.add(inner.tanh(), 1));
    }
}
