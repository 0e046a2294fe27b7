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
}
