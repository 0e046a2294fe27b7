package dev.sparkbert.ml.param;

import dev.sparkbert.core.precision.Precision;
import org.apache.spark.ml.param.Param;

/**
 * An inference stage whose encoder can run in a reduced precision ({@code precision}: {@code fp32},
 * the HF-exact default; {@code bf16}; {@code int8}); see {@link Precision}.
 */
public interface HasPrecision<S extends HasPrecision<S>> extends BertParams<S> {

    default Param<String> precision() {
        return choiceParam("precision", "number format of the encoder: 'fp32' (HF's numbers), 'bf16' (bfloat16"
                + " weights and activations; fast with AMX-BF16) or 'int8' (linear layers dynamically quantized; fast"
                + " with AVX512-VNNI or AMX-INT8); heads and poolers stay float32", Precision.FP32.id(),
                Precision.ids());
    }

    default String getPrecision() {
        return getOrDefault(precision());
    }

    default S setPrecision(String value) {
        return with(precision(), value);
    }
}
