package dev.sparkbert.core.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sparkbert.core.config.BertConfig;
import java.util.Random;

/**
 * HF's {@code BertPreTrainedModel._init_weights}: Linear and Embedding weights normal(0,
 * initializer_range), biases zero, LayerNorm weight one and bias zero, the word-embedding row of
 * {@code pad_token_id} zero.
 *
 * <p>Values come from a Java {@link Random} seeded by the seed and the parameter's key, so the same
 * seed gives the same weights on every machine and thread, whatever order parameters are built in.
 */
final class WeightInit {

    private WeightInit() {}

    static NDArray initialValue(String key, Shape shape, BertConfig config, long seed, NDManager manager) {
        if (key.endsWith("LayerNorm.weight")) {
            return manager.ones(shape);
        }
        if (key.endsWith("bias")) {
            return manager.zeros(shape);
        }
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + key.hashCode());
        float std = (float) config.getInitializerRange();
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian() * std;
        }
        if (key.endsWith("embeddings.word_embeddings.weight")) {
            int dim = (int) shape.get(1);
            java.util.Arrays.fill(values, config.getPadTokenId() * dim, (config.getPadTokenId() + 1) * dim, 0f);
        }
        return manager.create(values, shape);
    }
}
