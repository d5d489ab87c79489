package org.imgate.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PageCursorTest {

    @Test
    void tokenRoundTrips() {
        PageCursor cursor = new PageCursor(SortOrder.RELEVANCE, 1063879200000L, 1.25f, "node|1/0000000000000000042");
        assertEquals(cursor, PageCursor.parse(cursor.token()));
    }

    @Test
    void garbageIsRejectedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PageCursor.parse("c1.!!!"));
        assertEquals("'c1.!!!' is not a page cursor", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PageCursor.parse("hello"));
    }

    @Test
    void aCursorOnlyContinuesItsOwnOrder() {
        PageCursor cursor = new PageCursor(SortOrder.NEWEST_FIRST, 0, 0, "n/1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SearchRequest("x", SortOrder.OLDEST_FIRST, 10, cursor, false));
        assertEquals("the page cursor was made for sort NEWEST_FIRST, not OLDEST_FIRST", e.getMessage());
    }
}
