package dev.sparkbert.core.nn;

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
                return x -> x.mul(Activation.sigmoid(x.mul(1.702f)));
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
        NDArray inner = x.add(x.pow(3).mul(0.044715f)).mul((float) SQRT_2_OVER_PI);
        return x.mul(0.5f).mul(inner.tanh().add(1f));
    }
}
