package dev.sparkbert.core.nn;

import dev.sparkbert.core.util.Scalars;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import java.util.function.UnaryOperator;

/** The activations of HF's {@code ACT2FN} that BERT configs name in {@code hidden_act}. */
public final class Activations {

    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

    private Activations() {}

    /**
     * One name per function for an HF activation name: {@code gelu}, {@code gelu_tanh} (for
     * {@code gelu_new}, {@code gelu_pytorch_tanh}, {@code gelu_fast}), {@code quick_gelu}, {@code relu},
     * {@code silu} (also {@code swish}), {@code tanh}, {@code sigmoid}, {@code linear}.
     */
    public static String canonical(String name) {
        switch (name) {
            case "gelu_new":
            case "gelu_pytorch_tanh":
            case "gelu_fast":
                return "gelu_tanh";
            case "swish":
                return "silu";
            case "gelu":
            case "quick_gelu":
            case "relu":
            case "silu":
            case "tanh":
            case "sigmoid":
            case "linear":
                return name;
            default:
                throw new IllegalArgumentException("hidden_act '" + name + "' is not supported");
        }
    }

    /** The function for an HF activation name; shapes are unchanged. */
    public static UnaryOperator<NDArray> forName(String name) {
        switch (canonical(name)) {
            case "gelu": // exact erf form, as torch.nn.functional.gelu
                return Activation::gelu;
            case "gelu_tanh":
                return Activations::geluTanh;
            case "quick_gelu":
                return x -> x.mul(Activation.sigmoid(Scalars.mul(x, 1.702)));
            case "relu":
                return Activation::relu;
            case "silu":
                return x -> x.mul(Activation.sigmoid(x));
            case "tanh":
                return NDArray::tanh;
            case "sigmoid":
                return Activation::sigmoid;
            default: // linear
                return x -> x;
        }
    }

    /** 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))), HF's {@code NewGELUActivation}. */
    private static NDArray geluTanh(NDArray x) {
        NDArray inner = Scalars.mul(x.add(Scalars.mul(Scalars.pow(x, 3), 0.044715)), SQRT_2_OVER_PI);
        return Scalars.mul(x, 0.5).mul(Scalars.add(inner.tanh(), 1));
    }
}
