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

    /** Floats of each sharded parameter, in sequence order. */
    private final Map<String, Integer> sizes;
    /** The sequence index where each part starts; the last entry is the sequence's size. */
    private final int[] starts;
    /** This replica's part. */
    private final int part;
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
        this.sizes = new LinkedHashMap<>(sizes);
        this.starts = starts(this.sizes, parts);
        this.part = part;
        this.gatherDisjoint = gatherDisjoint;
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

    /** The sharded parameters' names, in sequence order. */
    public List<String> keys() {
        return List.copyOf(sizes.keySet());
    }

    /**
     * This replica's blocks of parameter {@code key}: {first, end} (possibly empty); null when the
     * parameter is not sharded (every replica updates it whole).
     */
    int[] blocks(String key) {
        Integer size = sizes.get(key);
        if (size == null) {
            return null;
        }
        int first = 0;
        for (Map.Entry<String, Integer> e : sizes.entrySet()) {
            if (e.getKey().equals(key)) {
                break;
            }
            first += e.getValue();
        }
        int from = Math.min(Math.max(starts[part] - first, 0), size);
        int to = Math.min(Math.max(starts[part + 1] - first, 0), size);
        return new int[] {BlockParallel.blocks(from), BlockParallel.blocks(to)};
    }

    /**
     * Fills the block sums of the other replicas' parts: {@code sums[j]} holds parameter {@code
     * keys.get(j)}'s block sums, this replica's part computed; after the call, every sharded
     * parameter's blocks hold the sums their owners computed.
     */
    void completeBlockSums(List<String> keys, double[][] sums) {
        int total = 0;
        for (String key : sizes.keySet()) {
            total += BlockParallel.blocks(sizes.get(key));
        }
        long[] bits = new long[total];
        int[] offset = new int[keys.size()];
        int at = 0;
        for (String key : sizes.keySet()) {
            int j = keys.indexOf(key);
            if (j < 0) {
                throw new IllegalArgumentException("no gradient for sharded parameter '" + key + "'");
            }
            offset[j] = at;
            int[] mine = blocks(key);
            for (int b = mine[0]; b < mine[1]; b++) {
                bits[at + b] = Double.doubleToRawLongBits(sums[j][b]);
            }
            at += sums[j].length;
        }
        long[] all = gatherDisjoint.apply(bits);
        for (String key : sizes.keySet()) {
            int j = keys.indexOf(key);
            for (int b = 0; b < sums[j].length; b++) {
                sums[j][b] = Double.longBitsToDouble(all[offset[j] + b]);
            }
        }
    }
}
