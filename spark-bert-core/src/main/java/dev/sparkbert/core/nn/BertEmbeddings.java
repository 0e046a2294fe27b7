package dev.sparkbert.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import dev.sparkbert.core.config.BertConfig;

/**
 * HF {@code BertEmbeddings}: word + absolute position + token type embeddings, LayerNorm, dropout.
 * Input ids and token type ids of shape (batch, seq); output (batch, seq, hidden). As HF's {@code
 * nn.Embedding(padding_idx=pad_token_id)}, positions holding {@code pad_token_id} send no gradient
 * to the word embeddings.
 */
public final class BertEmbeddings extends HfBlock {

    private final Embedding wordEmbeddings;
    private final Embedding positionEmbeddings;
    private final Embedding tokenTypeEmbeddings;
    private final LayerNorm layerNorm;
    private final float dropout;
    private final int maxPositions;
    private final int padTokenId;

    public BertEmbeddings(BertConfig config) {
        int h = config.getHiddenSize();
        wordEmbeddings = addModule("word_embeddings", Embedding.builder()
                .setNumEmbeddings(config.getVocabSize()).setDim(h).optIdName("token id").build());
        positionEmbeddings = addModule("position_embeddings", Embedding.builder()
                .setNumEmbeddings(config.getMaxPositionEmbeddings()).setDim(h).optIdName("position id").build());
        tokenTypeEmbeddings = addModule("token_type_embeddings", Embedding.builder()
                .setNumEmbeddings(config.getTypeVocabSize()).setDim(h).optIdName("token type id").build());
        layerNorm = addModule("LayerNorm", LayerNorm.builder().setSize(h).optEps(config.getLayerNormEps()).build());
        dropout = (float) config.getHiddenDropoutProb();
        maxPositions = config.getMaxPositionEmbeddings();
        padTokenId = config.getPadTokenId();
    }

    /** Embeds ids (batch, seq); {@code tokenTypeIds} may be null (all zero). */
    public NDArray forward(ParameterStore ps, NDArray inputIds, NDArray tokenTypeIds, boolean training) {
        long seq = inputIds.getShape().get(1);
        if (seq > maxPositions) {
            throw new IllegalArgumentException("sequence length " + seq + " exceeds max_position_embeddings "
                    + maxPositions);
        }
        NDArray positions = inputIds.getManager().arange(0, seq, 1, DataType.INT64).expandDims(0);
        NDArray types = tokenTypeIds != null ? tokenTypeIds : inputIds.zerosLike();
        NDArray words = wordEmbeddings.forward(ps, inputIds, training);
        if (training) {
            // Same values, but padded positions pass no gradient back to the [PAD] row (a QA loss
            // reaches them: their logits are not masked). A tied LM decoder still trains that row.
            NDArray pad = inputIds.eq(padTokenId).expandDims(-1).toType(DataType.FLOAT32, false);
            NDArray keep = inputIds.neq(padTokenId).expandDims(-1).toType(DataType.FLOAT32, false);
            words = words.mul(keep).add(words.stopGradient().mul(pad));
        }
        NDArray x = words
                .add(tokenTypeEmbeddings.forward(ps, types, training))
                .add(positionEmbeddings.forward(ps, positions, training));
        x = layerNorm.forward(ps, x, training);
        return Dropout.apply(x, dropout, training);
    }

    public Embedding getWordEmbeddings() {
        return wordEmbeddings;
    }
}
