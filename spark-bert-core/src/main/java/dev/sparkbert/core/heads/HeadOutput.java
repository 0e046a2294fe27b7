package dev.sparkbert.core.heads;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;

/**
 * What a head computes: its loss when labels were given, its named outputs, and the hidden states
 * when asked for.
 *
 * <p>Output names are HF's: {@code logits} for most heads, {@code start_logits}/{@code end_logits}
 * for question answering, {@code prediction_logits}/{@code seq_relationship_logits} for
 * pretraining, {@code last_hidden_state}/{@code pooler_output} for the bare model.
 *
 * @param loss scalar float32, or null without labels
 * @param outputs named outputs in HF's order
 * @param hiddenStates embedding output then each layer's output, (batch, seq, hidden); null unless
 *     asked for (multiple choice: batch x choices rows)
 */
public record HeadOutput(NDArray loss, Map<String, NDArray> outputs, List<NDArray> hiddenStates) {

    /** The output of that HF name; fails naming the outputs this head has. */
    public NDArray get(String name) {
        NDArray a = outputs.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no output '" + name + "'; this head has " + outputs.keySet());
        }
        return a;
    }

    /** The {@code logits} output. */
    public NDArray logits() {
        return get("logits");
    }
}
