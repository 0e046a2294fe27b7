package dev.sparkbert.core.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One replica's part of a sharded optimizer update (ZeRO stage 1): the sharded parameters, taken
 * as one sequence of floats in their order, are cut into as many contiguous parts as there are
 * replicas, at whole blocks of {@value BlockParallel#BLOCK} floats (the blocks the clipping norm
 * sums and the update walks, counted from each parameter's start). A replica sums its part's
 * squares for the global norm, shares the block sums ({@link #completeBlockSums}), and updates its
 * part only; the replicas then exchange the updated weights. Per element the arithmetic is the
 * whole update's, and the norm adds the same block sums in the same order, so the bits are the same.
 */
public final class UpdateShard {

    /** The sequence index where each part starts; the last entry is the sequence's size. */
    private final int[] starts;
    /** Per sharded parameter, in sequence order: this replica's blocks {first, end}. */
    private final Map<String, int[]> mine = new LinkedHashMap<>();
    /** Blocks of all sharded parameters, the length of the block sums the replicas join. */
    private final int totalBlocks;
    /**
     * Joins every replica's values: each slot is set by at most one replica (zero elsewhere), and
     * every replica gets all slots.
     */
    private final UnaryOperator<long[]> gatherDisjoint;

    /**
     * @param sizes floats of each sharded parameter, in sequence order
     * @param parts replicas sharing the update
     * @param part this replica's part, in [0, parts)
     * @param gatherDisjoint joins the replicas' block sums (as raw double bits; see the field)
     */
    public UpdateShard(Map<String, Integer> sizes, int parts, int part, UnaryOperator<long[]> gatherDisjoint) {
        if (part < 0 || part >= parts) {
            throw new IllegalArgumentException("part " + part + " of " + parts);
        }
        this.starts = starts(sizes, parts);
        this.gatherDisjoint = gatherDisjoint;
        int first = 0;
        int blocks = 0;
        for (Map.Entry<String, Integer> e : sizes.entrySet()) {
            int size = e.getValue();
            int from = Math.min(Math.max(starts[part] - first, 0), size);
            int to = Math.min(Math.max(starts[part + 1] - first, 0), size);
            mine.put(e.getKey(), new int[] {BlockParallel.blocks(from), BlockParallel.blocks(to)});
            first += size;
            blocks += BlockParallel.blocks(size);
        }
        this.totalBlocks = blocks;
    }

    /**
     * Where each of {@code parts} parts of the sequence starts (and, last, its size): near an even
     * split, moved forward to the next block start.
     */
    static int[] starts(Map<String, Integer> sizes, int parts) {
        List<Integer> blockStarts = new ArrayList<>();
        int n = 0;
        for (int size : sizes.values()) {
            for (int b = 0; b < BlockParallel.blocks(size); b++) {
                blockStarts.add(n + b * BlockParallel.BLOCK);
            }
            n = Math.addExact(n, size);
        }
        int[] out = new int[parts + 1];
        int next = 0;
        for (int c = 1; c < parts; c++) {
            long even = (long) n * c / parts;
            while (next < blockStarts.size() && blockStarts.get(next) < even) {
                next++;
            }
            out[c] = next < blockStarts.size() ? blockStarts.get(next) : n;
        }
        out[parts] = n;
        return out;
    }

    /** Where each part starts in the sequence (the last entry: its size), for the exchange of the parts. */
    public int[] starts() {
        return starts.clone();
    }

    /**
     * This replica's blocks of parameter {@code key}: {first, end} (possibly empty); null when the
     * parameter is not sharded (every replica updates it whole).
     */
    int[] blocks(String key) {
        int[] blocks = mine.get(key);
        return blocks == null ? null : blocks.clone();
    }

    /**
     * Fills the block sums of the other replicas' parts: {@code sums[j]} holds parameter {@code
     * keys.get(j)}'s block sums, this replica's part computed; after the call, every sharded
     * parameter's blocks hold the sums their owners computed.
     */
    void completeBlockSums(List<String> keys, double[][] sums) {
        long[] bits = new long[totalBlocks];
        int at = 0;
        for (Map.Entry<String, int[]> e : mine.entrySet()) {
            double[] own = sums[index(keys, e.getKey())];
            for (int b = e.getValue()[0]; b < e.getValue()[1]; b++) {
                bits[at + b] = Double.doubleToRawLongBits(own[b]);
            }
            at += own.length;
        }
        long[] all = gatherDisjoint.apply(bits);
        at = 0;
        for (String key : mine.keySet()) {
            double[] joined = sums[index(keys, key)];
            for (int b = 0; b < joined.length; b++) {
                joined[b] = Double.longBitsToDouble(all[at + b]);
            }
            at += joined.length;
        }
    }

    private static int index(List<String> keys, String key) {
        int j = keys.indexOf(key);
        if (j < 0) {
            throw new IllegalArgumentException("no gradient for sharded parameter '" + key + "'");
        }
        return j;
    }
}
