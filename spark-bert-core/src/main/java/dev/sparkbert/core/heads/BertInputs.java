package dev.sparkbert.core.heads;

import ai.djl.ndarray.NDArray;

/**
 * The inputs of a BERT head's forward pass, named as HF's {@code forward} arguments. All arrays are
 * int64 unless noted. Labels are optional; a head computes its loss only when its labels are given.
 *
 * @param inputIds (batch, seq), or (batch, choices, seq) for multiple choice
 * @param tokenTypeIds same shape as inputIds, or null for all zero
 * @param attentionMask same shape as inputIds (1 token, 0 padding), or null for all ones
 * @param labels the head's labels: (batch) class ids, (batch) float32 regression targets, (batch,
 *     labels) float32 multi-label targets, or (batch, seq) token ids / tags with -100 ignored
 * @param nextSentenceLabel (batch) 0 = B follows A, 1 = B is random; pretraining only
 * @param startPositions (batch) answer start token index; question answering only
 * @param endPositions (batch) answer end token index; question answering only
 * @param outputHiddenStates whether to return the embedding output and every layer's output
 * @param logitsAtLabelsOnly whether masked-LM heads compute vocabulary logits only where {@code labels}
 *     is not -100 (shape (labelled, vocab), positions in row-major order): the loss is HF's, the
 *     decoder's work shrinks to the masked share (training sets it)
 */
public record BertInputs(NDArray inputIds, NDArray tokenTypeIds, NDArray attentionMask, NDArray labels,
        NDArray nextSentenceLabel, NDArray startPositions, NDArray endPositions, boolean outputHiddenStates,
        boolean logitsAtLabelsOnly) {

    public BertInputs {
        if (inputIds == null) {
            throw new IllegalArgumentException("input_ids is required");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder: {@code setInputIds} is required. */
    public static final class Builder {
        private NDArray inputIds;
        private NDArray tokenTypeIds;
        private NDArray attentionMask;
        private NDArray labels;
        private NDArray nextSentenceLabel;
        private NDArray startPositions;
        private NDArray endPositions;
        private boolean outputHiddenStates;
        private boolean logitsAtLabelsOnly;

        public Builder setInputIds(NDArray a) { inputIds = a; return this; }
        public Builder optTokenTypeIds(NDArray a) { tokenTypeIds = a; return this; }
        public Builder optAttentionMask(NDArray a) { attentionMask = a; return this; }
        public Builder optLabels(NDArray a) { labels = a; return this; }
        public Builder optNextSentenceLabel(NDArray a) { nextSentenceLabel = a; return this; }
        public Builder optStartPositions(NDArray a) { startPositions = a; return this; }
        public Builder optEndPositions(NDArray a) { endPositions = a; return this; }
        public Builder optOutputHiddenStates(boolean b) { outputHiddenStates = b; return this; }
        public Builder optLogitsAtLabelsOnly(boolean b) { logitsAtLabelsOnly = b; return this; }

        public BertInputs build() {
            return new BertInputs(inputIds, tokenTypeIds, attentionMask, labels, nextSentenceLabel,
                    startPositions, endPositions, outputHiddenStates, logitsAtLabelsOnly);
        }
    }
}
