package org.imgate.bench.load;

import org.junit.jupiter.api.Test;

import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairTrafficTest {

    @Test
    void countsReceivedReorderedAndStaleMessagesOfItsOwnPhaseOnly() {
        PairTraffic traffic = new PairTraffic(7, System.nanoTime(), 0);

        traffic.onMessage(PairTraffic.text(7, 0));
        traffic.onMessage(PairTraffic.text(7, 2));
        traffic.onMessage(PairTraffic.text(7, 1));
        traffic.onMessage(PairTraffic.text(6, 3));
        traffic.onMessage("not a load message");

        assertEquals(3, traffic.received(), "the three phase-7 messages");
        assertEquals(1, traffic.reordered(), "seq 1 arrived after seq 2");
        assertEquals(2, traffic.stale(), "a phase-6 leftover and a foreign body");
        assertArrayEquals(new long[0], traffic.latencies(), "max-throughput mode takes no latency samples");
    }

    @Test
    void aSenderWaitingForItsWindowIsWokenByTheNextReceipt() throws Exception {
        PairTraffic traffic = new PairTraffic(3, System.nanoTime(), 0);
        Thread receiver = new Thread(() -> {
            LockSupport.parkNanos(50_000_000L);
            traffic.onMessage(PairTraffic.text(3, 0));
        });
        long start = System.nanoTime();
        receiver.start();
        traffic.awaitReceivedAbove(0, start + 5_000_000_000L);
        long waited = System.nanoTime() - start;
        receiver.join();
        assertEquals(1, traffic.received());
        assertTrue(waited < 2_000_000_000L, "woken by the receipt, not by the 5 s deadline: " + waited / 1e6 + " ms");
    }

    @Test
    void fixedRateLatencyIsMeasuredFromTheIntendedSendTime() {
        long interval = 1_000_000_000L;
        // Message 0 was due 3 s ago and message 2 one second from now: a late sender does not hide delay.
        long start = System.nanoTime() - 3 * interval;
        PairTraffic traffic = new PairTraffic(1, start, interval);

        traffic.onMessage(PairTraffic.text(1, 0));
        traffic.onMessage(PairTraffic.text(1, 4));

        long[] latencies = traffic.latencies();
        assertEquals(2, latencies.length);
        assertTrue(latencies[0] >= 3 * interval, "due 3 s ago: at least 3 s late, was " + latencies[0]);
        assertTrue(latencies[1] < 0, "received before its intended time shows as negative, was " + latencies[1]);
    }

    @Test
    void eachLatencySampleKeepsItsMessagesIntendedSendTimeForTheTrace() {
        long interval = 250_000_000L;
        long start = System.nanoTime() - 2 * interval;
        PairTraffic traffic = new PairTraffic(1, start, interval);

        for (int seq = 0; seq < 300; seq++) { // past the first growth of the sample arrays
            traffic.onMessage(PairTraffic.text(1, seq == 5 ? 7 : seq));
        }

        long[] due = traffic.intendedTimes();
        long[] latencies = traffic.latencies();
        assertEquals(300, due.length);
        assertEquals(latencies.length, due.length);
        assertEquals(start + 7 * interval, due[5], "sample 5 was message 7, due 7 intervals after the start");
        assertEquals(start + 299 * interval, due[299]);
    }

    @Test
    void textsNotOfTheLoadShapeCountAsStaleNeverAsReceived() {
        PairTraffic traffic = new PairTraffic(7, System.nanoTime(), 0);
        traffic.onMessage(PairTraffic.text(7, 0));
        traffic.onMessage("L7:");
        traffic.onMessage("L:5");
        traffic.onMessage("hello");
        traffic.onMessage("L7:12345678901234567890");
        assertEquals(1, traffic.received());
        assertEquals(4, traffic.stale(), "an empty number, no phase, a foreign text and an absurd number");
    }
}
