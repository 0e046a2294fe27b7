package dev.sparkbert.core.util;

import java.util.ArrayList;
import java.util.List;

/** Cutting lists into near-equal consecutive parts (micro-batches, memory-sized chunks). */
public final class Lists {

    private Lists() {}

    /**
     * {@code items} in order, cut into exactly {@code parts} consecutive views whose sizes differ by
     * at most one; some are empty when there are more parts than items.
     */
    public static <T> List<List<T>> nearEqualParts(List<T> items, int parts) {
        int n = items.size();
        List<List<T>> out = new ArrayList<>(parts);
        for (int p = 0; p < parts; p++) {
            out.add(items.subList(n * p / parts, n * (p + 1) / parts));
        }
        return out;
    }

    /** {@code items} in order, cut into the fewest near-equal consecutive parts of at most {@code maxPerPart}. */
    public static <T> List<List<T>> partsOfAtMost(List<T> items, int maxPerPart) {
        int max = Math.max(1, maxPerPart);
        return nearEqualParts(items, Math.max(1, (items.size() + max - 1) / max));
    }
}
