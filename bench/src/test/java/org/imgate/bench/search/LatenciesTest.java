package org.imgate.bench.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        Latencies latencies = new Latencies("term");
        for (int ms = 100; ms >= 1; ms--) {
            latencies.add(ms * 1_000_000L);
        }
        assertEquals(50.0, latencies.percentileMillis(0.50));
        assertEquals(95.0, latencies.percentileMillis(0.95));
        assertEquals(99.0, latencies.percentileMillis(0.99));
        assertEquals(100.0, latencies.percentileMillis(1.0));
        assertEquals(100, latencies.count());
    }

    @Test
    void noSamplesIsNotANumberRatherThanZero() {
        assertTrue(Double.isNaN(new Latencies("none").percentileMillis(0.5)));
    }
}
