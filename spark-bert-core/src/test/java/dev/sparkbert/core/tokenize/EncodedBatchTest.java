package dev.sparkbert.core.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedBatchTest {

    /** An encoding with {@code tokens} real tokens, padded to 8. */
    private static Encoded withTokens(int tokens) {
        long[] mask = new long[8];
        for (int i = 0; i < tokens; i++) {
            mask[i] = 1;
        }
        return new Encoded(new long[8], new long[8], mask, new long[8], new long[8], new long[8], new int[8],
                new int[8], new String[8], List.of());
    }

    @Test
    void batchesGroupRowsOfSimilarLengthAndKeepEveryIndexOnce() {
        List<Encoded> rows = new ArrayList<>();
        for (int t : new int[] {5, 1, 8, 3, 2, 7, 4}) {
            rows.add(withTokens(t));
        }
        List<int[]> batches = EncodedBatch.lengthBuckets(rows, 3, len -> Integer.MAX_VALUE);
        assertEquals(3, batches.size());
        assertArrayEquals(new int[] {1, 4, 3}, batches.get(0)); // 1, 2 and 3 tokens
        assertArrayEquals(new int[] {6, 0, 5}, batches.get(1)); // 4, 5, 7
        assertArrayEquals(new int[] {2}, batches.get(2)); // 8
    }

    @Test
    void aBatchWhoseLongestRowAllowsFewerRowsIsCutIntoNearEqualParts() {
        List<Encoded> rows = new ArrayList<>();
        for (int t : new int[] {2, 2, 2, 6, 6, 6, 6}) {
            rows.add(withTokens(t));
        }
        // Up to 7 rows per batch; rows of 6 tokens allow only 3 per pass, rows of 2 allow 10.
        List<int[]> batches = EncodedBatch.lengthBuckets(rows, 7, len -> len > 4 ? 3 : 10);
        assertEquals(3, batches.size());
        assertArrayEquals(new int[] {0, 1}, batches.get(0));
        assertArrayEquals(new int[] {2, 3}, batches.get(1));
        assertArrayEquals(new int[] {4, 5, 6}, batches.get(2));
    }
}
