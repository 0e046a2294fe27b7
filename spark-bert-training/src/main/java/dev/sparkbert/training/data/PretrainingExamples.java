package dev.sparkbert.training.data;

import dev.sparkbert.core.tokenize.BertTokenizer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Makes BERT pretraining examples from raw documents, as Google's {@code create_pretraining_data}
 * and HF's {@code DataCollatorForLanguageModeling} do.
 *
 * <p>A document's sentences (split at line breaks and after {@code . ! ?}) are its segments.
 * Next-sentence prediction: segments are packed into A and B up to the length limit; half the time
 * B is the text that follows A (label 0), otherwise segments of another document seen earlier in the
 * partition (label 1). Without NSP, a document is cut into blocks of at most {@code maxLength}
 * tokens. Masked LM ({@link MlmMasking}): with static masks, masks are drawn here once, from a
 * generator seeded by the seed and the document's text, so a fit is reproducible whatever the
 * partitioning (the original BERT); otherwise examples stay unmasked and the replicas draw new
 * masks every epoch (HF's collator). A line longer than {@code maxLength} tokens keeps its beginning.
 */
public final class PretrainingExamples implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int MEMORY = 64; // earlier documents kept for random B segments
    /** Segments end at line breaks and after sentence-final punctuation. */
    private static final java.util.regex.Pattern SENTENCE_BREAK = java.util.regex.Pattern.compile("\\R|(?<=[.!?])\\s+");

    private final boolean nsp;
    private final MlmMasking staticMasks;
    private final long seed;
    private final List<List<long[]>> earlier = new ArrayList<>();

    /**
     * @param staticMasks masks every example once, here; null leaves them unmasked, for masks
     *     drawn anew every epoch ({@link MlmMasking#apply(Example, long, long)})
     */
    public PretrainingExamples(boolean nsp, MlmMasking staticMasks, long seed) {
        this.nsp = nsp;
        this.staticMasks = staticMasks;
        this.seed = seed;
    }

    /** Adds the examples made from one document to {@code out}. */
    public void add(String document, BertTokenizer tok, List<Example> out) {
        List<long[]> segments = new ArrayList<>();
        for (String line : SENTENCE_BREAK.split(document)) {
            if (!line.isBlank()) {
                long[] ids = tok.encode(line).ids();
                // Drop [CLS] and [SEP]; examples get their own.
                long[] body = Arrays.copyOfRange(ids, 1, Math.max(1, ids.length - 1));
                if (body.length > 0) {
                    segments.add(body);
                }
            }
        }
        if (segments.isEmpty()) {
            return;
        }
        Random rnd = new Random(seed * 31 + document.hashCode());
        int budget = tok.getMaxLength() - (nsp ? 3 : 2);
        if (nsp) {
            addPairs(segments, budget, rnd, tok, out);
        } else {
            long[] all = concat(segments, 0, segments.size());
            for (int from = 0; from < all.length; from += budget) {
                long[] block = Arrays.copyOfRange(all, from, Math.min(all.length, from + budget));
                out.add(example(block, null, -1, rnd, tok));
            }
        }
        earlier.add(segments);
        if (earlier.size() > MEMORY) {
            earlier.remove(0);
        }
    }

    private void addPairs(List<long[]> segments, int budget, Random rnd, BertTokenizer tok, List<Example> out) {
        int i = 0;
        while (i < segments.size()) {
            // Gather segments up to the budget, then split them into A and B.
            int end = i;
            int length = 0;
            while (end < segments.size() && (end == i || length + segments.get(end).length <= budget)) {
                length += segments.get(end++).length;
            }
            int split = end - i >= 2 ? i + 1 + rnd.nextInt(end - i - 1) : end;
            long[] a = concat(segments, i, split);
            long[] b;
            long label;
            if (split < end && (earlier.isEmpty() || rnd.nextBoolean())) {
                b = concat(segments, split, end);
                label = 0;
            } else if (!earlier.isEmpty()) {
                List<long[]> other = earlier.get(rnd.nextInt(earlier.size()));
                int from = rnd.nextInt(other.size());
                b = concat(other, from, other.size());
                label = 1;
                end = split; // the unused segments start the next pair
            } else {
                i = end; // a one-segment first document has no B
                continue;
            }
            // Truncate the longer side until the pair fits, as create_pretraining_data does.
            while (a.length + b.length > budget) {
                if (a.length >= b.length) {
                    a = Arrays.copyOf(a, a.length - 1);
                } else {
                    b = Arrays.copyOf(b, b.length - 1);
                }
            }
            if (a.length > 0 && b.length > 0) {
                out.add(example(a, b, label, rnd, tok));
            }
            i = Math.max(end, i + 1);
        }
    }

    /** [CLS] a [SEP] (b [SEP]), masked now when masks are static. */
    private Example example(long[] a, long[] b, long nspLabel, Random rnd, BertTokenizer tok) {
        int n = a.length + 2 + (b == null ? 0 : b.length + 1);
        long[] ids = new long[n];
        long[] types = new long[n];
        long[] mask = new long[n];
        Arrays.fill(mask, 1);
        ids[0] = tok.tokenToId("[CLS]");
        System.arraycopy(a, 0, ids, 1, a.length);
        ids[a.length + 1] = tok.tokenToId("[SEP]");
        if (b != null) {
            System.arraycopy(b, 0, ids, a.length + 2, b.length);
            Arrays.fill(types, a.length + 2, n, 1);
            ids[n - 1] = tok.tokenToId("[SEP]");
        }
        Example e = Example.unplaced(ids, types, mask, 1, -1, null, null, nspLabel);
        return staticMasks == null ? e : staticMasks.apply(e, rnd);
    }

    private static long[] concat(List<long[]> parts, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n += parts.get(i).length;
        }
        long[] out = new long[n];
        int at = 0;
        for (int i = from; i < to; i++) {
            System.arraycopy(parts.get(i), 0, out, at, parts.get(i).length);
            at += parts.get(i).length;
        }
        return out;
    }
}
