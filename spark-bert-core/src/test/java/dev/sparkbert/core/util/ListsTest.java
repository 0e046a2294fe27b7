package dev.sparkbert.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ListsTest {

    @Test
    void partsDifferInSizeByAtMostOneAndKeepTheOrder() {
        assertEquals(List.of(List.of(1, 2), List.of(3, 4, 5)), Lists.nearEqualParts(List.of(1, 2, 3, 4, 5), 2));
    }

    @Test
    void morePartsThanItemsLeavesSomeEmpty() {
        assertEquals(List.of(List.of(), List.of(1), List.of(), List.of(2)), Lists.nearEqualParts(List.of(1, 2), 4));
    }

    @Test
    void partsOfAtMostCutsIntoTheFewestNearEqualPartsInOrder() {
        List<Integer> items = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertEquals(List.of(List.of(0, 1), List.of(2, 3, 4), List.of(5, 6, 7), List.of(8, 9, 10)),
                Lists.partsOfAtMost(items, 3));
        assertEquals(List.of(items), Lists.partsOfAtMost(items, 32));
        assertEquals(List.of(List.of()), Lists.partsOfAtMost(List.of(), 4));
    }
}
