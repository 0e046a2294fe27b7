package dev.sparkbert.core.precision;

import java.util.Arrays;
import java.util.Locale;

/**
 * The number formats an inference pass can run the encoder in. Inference runs the encoder as one
 * compiled unit ({@link InferenceEncoder}: a TorchScript module, {@link CompiledEncoder}, for fp32
 * and bf16; an ONNX Runtime session, {@link OnnxEncoder}, for int8) that hands its last hidden
 * state back in float32, so heads and poolers stay float32; float32 falls back to DJL's blocks for
 * what the module does not do ({@link CompiledEncoder#unsupported}, every layer's hidden states).
 */
public enum Precision {
    /**
     * float32 everywhere: HF's numbers (the default), up to the summation order of the module's
     * fused attention (HF's {@code sdpa}).
     */
    FP32("fp32", 1e-5),
    /** Weights and activations in bfloat16, as HF with {@code dtype=torch.bfloat16}: fast with AMX-BF16. */
    BF16("bf16", 0.02),
    /**
     * The encoder's linear layers dynamically quantized to int8 (weights per output channel once,
     * activations per batch, as ONNX Runtime's {@code quantize_dynamic} and {@code
     * torch.ao.quantization.quantize_dynamic} do); the rest float32; run by ONNX Runtime ({@link
     * OnnxEncoder}), whose int8 kernels use AMX-INT8 or AVX512-VNNI. On CPUs without int8 dot
     * products (AVX2) weights keep 7 bits so that 8-bit activations cannot overflow.
     */
    INT8("int8", 0.25);

    private final String id;
    private final double tolerance;

    Precision(String id, double tolerance) {
        this.id = id;
        this.tolerance = tolerance;
    }

    /**
     * The most this mode's last hidden state may differ from float32's, as a relative RMS distance
     * ||reduced - fp32|| / ||fp32|| (what the tests hold it to, on the fixtures and on MiniLM).
     */
    public double tolerance() {
        return tolerance;
    }

    /** The name users write: {@code fp32}, {@code bf16}, {@code int8}. */
    public String id() {
        return id;
    }

    /** Every mode's name, in declaration order. */
    public static String[] ids() {
        return Arrays.stream(values()).map(Precision::id).toArray(String[]::new);
    }

    /** The mode called {@code id} (case-insensitive); an unknown name fails listing the known ones. */
    public static Precision of(String id) {
        String want = id == null ? "" : id.toLowerCase(Locale.ROOT);
        for (Precision p : values()) {
            if (p.id.equals(want)) {
                return p;
            }
        }
        throw new IllegalArgumentException("precision '" + id + "' is not one of " + String.join(", ", ids()));
    }

    @Override
    public String toString() {
        return id;
    }
}
