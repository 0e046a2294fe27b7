package dev.sparkbert.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;
import dev.sparkbert.core.heads.BertInputs;
import dev.sparkbert.core.heads.HeadOutput;
import dev.sparkbert.core.precision.InferenceEncoder;
import dev.sparkbert.core.precision.Precision;
import dev.sparkbert.core.precision.TrainingEncoder;
import dev.sparkbert.core.util.Scalars;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HF {@code BertModel}: {@code embeddings}, {@code encoder} and an optional {@code pooler}.
 *
 * <p>The attention mask (batch, seq) of 1 for tokens and 0 for padding becomes an additive mask of
 * 0 / float32 min, as in HF; with {@code is_decoder} it is combined with a causal mask so each
 * position sees only itself and earlier positions.
 */
public final class BertModel extends HfBlock implements BertNetwork {

    private final BertConfig config;
    private final BertEmbeddings embeddings;
    private final BertEncoder encoder;
    private final BertPooler pooler;
    private volatile InferenceEncoder compiled;
    private volatile TrainingEncoder trainingEncoder;

    /** A model with or without the pooler (HF's {@code add_pooling_layer}). */
    public BertModel(BertConfig config, boolean addPoolingLayer) {
        this.config = config;
        embeddings = addModule("embeddings", new BertEmbeddings(config));
        encoder = addModule("encoder", new BertEncoder(config));
        pooler = addPoolingLayer ? addModule("pooler", new BertPooler(config)) : null;
    }

    /**
     * Encodes a batch.
     *
     * @param inputIds (batch, seq) int64 token ids
     * @param tokenTypeIds (batch, seq) segment ids, or null for all zero
     * @param attentionMask (batch, seq) 1 = token, 0 = padding, or null for all ones
     */
    public EncoderOutput forward(ParameterStore ps, NDArray inputIds, NDArray tokenTypeIds, NDArray attentionMask,
            boolean training, boolean outputHiddenStates) {
        if (inputIds.getShape().dimension() != 2) {
            throw new IllegalArgumentException("input_ids must have shape (batch, seq), got " + inputIds.getShape());
        }
        checkSameShape("token_type_ids", tokenTypeIds, inputIds);
        checkSameShape("attention_mask", attentionMask, inputIds);
        InferenceEncoder c = compiled;
        if (c != null && !training && !(outputHiddenStates && c.precision() == Precision.FP32)) {
            if (outputHiddenStates) {
                throw new IllegalArgumentException("precision " + c.precision() + " gives the last hidden state only;"
                        + " every layer's hidden states need precision fp32");
            }
            NDArray last = c.forward(inputIds, tokenTypeIds, attentionMask);
            return new EncoderOutput(last, pooler == null ? null : pooler.forward(ps, last, false), null);
        }
        TrainingEncoder t = trainingEncoder;
        if (t != null && training && !outputHiddenStates) {
            NDArray last = t.forward(inputIds, tokenTypeIds, attentionMask);
            return new EncoderOutput(last, pooler == null ? null : pooler.forward(ps, last, true), null);
        }
        List<NDArray> hidden = outputHiddenStates ? new ArrayList<>() : null;
        NDArray x = embeddings.forward(ps, inputIds, tokenTypeIds, training);
        if (hidden != null) {
            hidden.add(x);
        }
        NDArray last = encoder.forward(ps, x, additiveMask(inputIds, attentionMask), training, hidden);
        NDArray pooled = pooler == null ? null : pooler.forward(ps, last, training);
        return new EncoderOutput(last, pooled, hidden);
    }

    /**
     * Runs the embeddings and encoder of inference passes (not training) in {@code encoder}'s
     * precision from now on (in float32, passes that want every layer's hidden states stay on this
     * model's blocks); null goes back to this model's blocks. The pooler and any head stay float32.
     * The caller owns and closes {@code encoder}.
     */
    public void useCompiledEncoder(InferenceEncoder encoder) {
        compiled = encoder;
    }

    /**
     * Runs the embeddings and encoder of training passes through {@code encoder} (built over this
     * model's parameters) from now on, except passes that want every layer's hidden states; null goes
     * back to this model's blocks. The pooler and any head stay float32. The caller owns and closes
     * {@code encoder}.
     */
    public void useTrainingEncoder(TrainingEncoder encoder) {
        trainingEncoder = encoder;
    }

    /** HF {@code BertModel.forward}: outputs {@code last_hidden_state} and (with pooler) {@code pooler_output}. */
    @Override
    public HeadOutput forward(ParameterStore ps, BertInputs in, boolean training) {
        EncoderOutput out = forward(ps, in.inputIds(), in.tokenTypeIds(), in.attentionMask(), training,
                in.outputHiddenStates());
        Map<String, NDArray> named = new LinkedHashMap<>();
        named.put("last_hidden_state", out.lastHiddenState());
        if (out.pooledOutput() != null) {
            named.put("pooler_output", out.pooledOutput());
        }
        return new HeadOutput(List.of(), named, out.hiddenStates());
    }

    @Override
    public boolean isBaseModel() {
        return true;
    }

    private NDArray additiveMask(NDArray inputIds, NDArray attentionMask) {
        if (attentionMask == null && !config.isDecoder()) {
            return null;
        }
        NDManager m = inputIds.getManager();
        long batch = inputIds.getShape().get(0);
        long seq = inputIds.getShape().get(1);
        NDArray keep = attentionMask == null ? m.ones(new Shape(batch, seq)) : attentionMask.toType(DataType.FLOAT32, false);
        keep = keep.reshape(batch, 1, 1, seq);
        if (config.isDecoder()) {
            NDArray row = m.arange(0, seq, 1, DataType.INT64).reshape(seq, 1);
            NDArray col = m.arange(0, seq, 1, DataType.INT64).reshape(1, seq);
            keep = keep.mul(col.lte(row).toType(DataType.FLOAT32, false).reshape(1, 1, seq, seq));
        }
        return Scalars.mul(Scalars.add(keep.neg(), 1), -Float.MAX_VALUE);
    }

    private static void checkSameShape(String name, NDArray a, NDArray ids) {
        if (a != null && !a.getShape().equals(ids.getShape())) {
            throw new IllegalArgumentException(name + " has shape " + a.getShape() + " but input_ids has "
                    + ids.getShape());
        }
    }

    @Override
    public BertConfig getConfig() {
        return config;
    }

    public BertEmbeddings getEmbeddings() {
        return embeddings;
    }

    public boolean hasPooler() {
        return pooler != null;
    }
}
