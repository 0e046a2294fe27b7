package dev.sparkbert.training.data;

import dev.sparkbert.core.loss.Losses;
import dev.sparkbert.core.tokenize.BertTokenizer;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * How masked-LM examples are masked, as HF's {@code DataCollatorForLanguageModeling} (and, with
 * whole words, {@code DataCollatorForWholeWordMask}) do: {@code probability} of the tokens that are
 * not [CLS] or [SEP] are chosen (whole words, a token and its "##" continuations, with {@code
 * wholeWords}); a chosen token becomes [MASK] 80% of the time, a random id below {@code vocabSize}
 * 10%, and stays 10%; labels hold the original id there and -100 elsewhere. Holds the ids it needs
 * from the tokenizer, so replicas can draw new masks without one.
 */
public final class MlmMasking implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double probability;
    private final int vocabSize;
    private final long maskId;
    private final long clsId;
    private final long sepId;
    /** Ids of "##" word pieces, when whole words are chosen; else null. */
    private final BitSet continuations;

    private MlmMasking(double probability, int vocabSize, long maskId, long clsId, long sepId, BitSet continuations) {
        this.probability = probability;
        this.vocabSize = vocabSize;
        this.maskId = maskId;
        this.clsId = clsId;
        this.sepId = sepId;
        this.continuations = continuations;
    }

    /** The masking of {@code tok}'s vocabulary; random replacements are drawn from ids 0..vocabSize-1. */
    public static MlmMasking of(BertTokenizer tok, double probability, boolean wholeWords, int vocabSize) {
        BitSet continuations = null;
        if (wholeWords) {
            continuations = new BitSet();
            for (int id = 0; id < vocabSize; id++) {
                String token = tok.idToToken(id);
                if (token != null && token.startsWith("##")) {
                    continuations.set(id);
                }
            }
        }
        return new MlmMasking(probability, vocabSize, tok.tokenToId("[MASK]"), tok.tokenToId("[CLS]"),
                tok.tokenToId("[SEP]"), continuations);
    }

    /** {@code example} (unmasked ids) with masks drawn from {@code rnd}: new ids and token labels. */
    public Example apply(Example example, Random rnd) {
        long[] ids = example.inputIds().clone();
        int n = ids.length;
        long[] labels = new long[n];
        Arrays.fill(labels, Losses.IGNORE_INDEX);
        // Candidate units: single tokens, or whole words (a token and its "##" continuations).
        List<int[]> units = new ArrayList<>();
        int tokens = 0;
        for (int k = 0; k < n; k++) {
            if (ids[k] == clsId || ids[k] == sepId) {
                continue;
            }
            tokens++;
            if (continuations != null && !units.isEmpty() && ids[k] >= 0 && continuations.get((int) ids[k])
                    && units.get(units.size() - 1)[1] == k) {
                units.get(units.size() - 1)[1] = k + 1;
            } else {
                units.add(new int[] {k, k + 1});
            }
        }
        Collections.shuffle(units, rnd);
        int target = Math.max(1, (int) Math.round(tokens * probability));
        int chosen = 0;
        for (int[] u : units) {
            if (chosen >= target) {
                break;
            }
            for (int k = u[0]; k < u[1]; k++) {
                labels[k] = ids[k];
                double p = rnd.nextDouble();
                if (p < 0.8) {
                    ids[k] = maskId;
                } else if (p < 0.9) {
                    ids[k] = rnd.nextInt(vocabSize);
                }
                chosen++;
            }
        }
        return new Example(example.index(), ids, example.typeIds(), example.mask(), example.choices(),
                example.label(), example.targets(), labels, example.aux());
    }

    /**
     * The masks of training slot or validation index {@code index} under {@code seed}: every
     * (epoch, example) slot draws its own, whatever the number of replicas.
     */
    public Example apply(Example example, long seed, long index) {
        return apply(example, new Random(seed * 0x9E3779B97F4A7C15L ^ index));
    }
}
