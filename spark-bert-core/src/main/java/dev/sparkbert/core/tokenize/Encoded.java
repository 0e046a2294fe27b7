package dev.sparkbert.core.tokenize;

import java.util.List;

/**
 * One tokenized sequence (or pair), as HF's {@code BatchEncoding} row.
 *
 * @param ids token ids, length L
 * @param typeIds segment ids (0 for the first text, 1 for the pair), length L
 * @param attentionMask 1 for tokens, 0 for padding, length L
 * @param specialTokensMask 1 for [CLS]/[SEP]/[PAD], 0 otherwise
 * @param wordIds index of the word each token comes from, -1 for special tokens and padding
 * @param sequenceIds 0 or 1 for the text the token comes from, -1 for special tokens and padding
 * @param charStarts start char offset of each token in its own text (-1 for special tokens)
 * @param charEnds end char offset (exclusive) of each token in its own text (-1 for special tokens)
 * @param tokens the token strings
 * @param overflowing further windows when the text did not fit (stride / overflow), else empty
 */
public record Encoded(long[] ids, long[] typeIds, long[] attentionMask, long[] specialTokensMask, long[] wordIds,
        long[] sequenceIds, int[] charStarts, int[] charEnds, String[] tokens, List<Encoded> overflowing) {

    /** Number of tokens, padding included. */
    public int length() {
        return ids.length;
    }

    /** Number of non-padding tokens. */
    public int tokenCount() {
        int n = 0;
        for (long m : attentionMask) {
            n += (int) m;
        }
        return n;
    }
}
