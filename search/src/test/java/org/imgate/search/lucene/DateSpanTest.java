package org.imgate.search.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class DateSpanTest {

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void dayMonthAndYearSpanTheirWholeCalendarPeriod() {
        assertEquals(new DateSpan(at("2003-09-18T00:00:00Z"), at("2003-09-19T00:00:00Z")),
                DateSpan.parse("2003-09-18", ZoneOffset.UTC).orElseThrow());
        assertEquals(new DateSpan(at("2003-09-01T00:00:00Z"), at("2003-10-01T00:00:00Z")),
                DateSpan.parse("2003-09", ZoneOffset.UTC).orElseThrow());
        assertEquals(new DateSpan(at("2003-01-01T00:00:00Z"), at("2004-01-01T00:00:00Z")),
                DateSpan.parse("2003", ZoneOffset.UTC).orElseThrow());
    }

    @Test
    void daysFollowTheConfiguredZone() {
        assertEquals(new DateSpan(at("2003-09-18T04:00:00Z"), at("2003-09-19T04:00:00Z")),
                DateSpan.parse("2003-09-18", ZoneId.of("America/New_York")).orElseThrow());
    }

    @Test
    void momentsWithAndWithoutOffsets() {
        long utc = at("2003-09-18T14:30:00Z");
        assertEquals(utc, DateSpan.parse("2003-09-18T14:30:00Z", ZoneOffset.UTC).orElseThrow().start());
        assertEquals(utc, DateSpan.parse("2003-09-18T16:30+02:00", ZoneOffset.UTC).orElseThrow().start());
        assertEquals(utc, DateSpan.parse("2003-09-18T10:30", ZoneId.of("America/New_York")).orElseThrow().start());
    }

    @Test
    void nonsenseIsNoDate() {
        assertTrue(DateSpan.parse("2003-13-45", ZoneOffset.UTC).isEmpty());
        assertTrue(DateSpan.parse("yesterday", ZoneOffset.UTC).isEmpty());
        assertTrue(DateSpan.parse("2003-02-30", ZoneOffset.UTC).isEmpty());
        assertTrue(DateSpan.parse("2003-09-18T25:00", ZoneOffset.UTC).isEmpty());
    }
}
