package org.imgate.bench.msn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PairCountTest {

    @Test
    void countsReceivedReorderedAndStaleTextsOfItsOwnPhaseOnly() {
        PairCount count = new PairCount(7, System.nanoTime(), 0);

        count.onText(PairCount.text(7, 0));
        count.onText(PairCount.text(7, 2));
        count.onText(PairCount.text(7, 1));
        count.onText(PairCount.text(6, 3));
        count.onText("L7:");
        count.onText("hello");

        assertEquals(3, count.received(), "the three phase-7 messages");
        assertEquals(1, count.reordered(), "seq 1 arrived after seq 2");
        assertEquals(3, count.stale(), "a phase-6 leftover, a text without a number and a foreign text");
        assertArrayEquals(new long[0], count.latencies(), "max-throughput mode takes no latency samples");
    }

    @Test
    void fixedRateLatencyIsMeasuredFromTheIntendedSendTime() {
        long interval = 1_000_000_000L;
        long start = System.nanoTime() - 3 * interval;
        PairCount count = new PairCount(1, start, interval);

        count.onText(PairCount.text(1, 0));
        count.onText(PairCount.text(1, 2));

        long[] latencies = count.latencies();
        assertEquals(2, latencies.length);
        // Message 0 was due 3 s ago: its latency includes the whole wait, not just the wire time.
        assertEquals(3.0, latencies[0] / 1e9, 0.5);
        assertEquals(1.0, latencies[1] / 1e9, 0.5);
    }
}
