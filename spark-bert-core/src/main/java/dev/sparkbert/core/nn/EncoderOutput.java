package dev.sparkbert.core.nn;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * What {@link BertModel} computes (HF {@code BaseModelOutputWithPooling}).
 *
 * @param lastHiddenState (batch, seq, hidden)
 * @param pooledOutput (batch, hidden), or null for a model built without pooler
 * @param hiddenStates the embedding output then each layer's output, each (batch, seq, hidden); null
 *     unless asked for
 */
public record EncoderOutput(NDArray lastHiddenState, NDArray pooledOutput, List<NDArray> hiddenStates) {}
