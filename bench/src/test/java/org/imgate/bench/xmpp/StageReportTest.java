package org.imgate.bench.xmpp;

import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.Timespan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StageReportTest {

    private static final long MS = 1_000_000;
    private static final Instant START = Instant.parse("2026-12-07T17:00:00Z");
    private static final long START_NANOS = START.getEpochSecond() * 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void aMessagesLatencySplitsIntoImgatesHoldsTheTransitAndTheRest() {
        StageReport.Relay out = new StageReport.Relay(10 * MS, 2 * MS);
        StageReport.Relay in = new StageReport.Relay(40 * MS, MS / 1000);
        assertArrayEquals(new long[] {2 * MS, 30 * MS - MS / 1000, MS / 1000, 13 * MS, 45 * MS},
                StageReport.stages(45 * MS, out, in));
    }

    @Test
    void theSlowestMessagesShowWhichStageMadeThemSlow() {
        // Phase 6, two pairs, 100 messages each, 10 ms apart; imgate holds each 1 ms on the sender's leg and
        // the transit takes 0.5 ms, except for pair 1's messages 50-59, which spent 20 ms in transit.
        List<String> trace = new ArrayList<>(List.of("# phase start " + START, "pair\tdue_ms\tlatency_ms"));
        Map<String, StageReport.Relay> toServer = new HashMap<>();
        Map<String, StageReport.Relay> toClient = new HashMap<>();
        for (int pair = 0; pair < 2; pair++) {
            for (int seq = 0; seq < 100; seq++) {
                long due = START_NANOS + seq * 10 * MS;
                long transit = pair == 1 && seq >= 50 && seq < 60 ? 20 * MS : MS / 2;
                long handedOn = due + MS / 5 + MS;
                toServer.put(StageReport.key("L6:" + seq, "load" + (2 * pair + 2)),
                        new StageReport.Relay(handedOn, MS));
                toClient.put(StageReport.key("L6:" + seq, "load" + (2 * pair + 2)),
                        new StageReport.Relay(handedOn + transit + MS / 100, MS / 100));
                double latencyMs = (MS / 5 + MS + transit + MS / 100 + MS / 5) / 1e6;
                trace.add("%d\t%.3f\t%.3f".formatted(pair, seq * 10.0, latencyMs));
            }
        }
        toServer.remove(StageReport.key("L6:99", "load2")); // one message the recording missed
        List<StageReport.Commit> commits = List.of(
                new StageReport.Commit(START_NANOS + 100 * MS, 3, MS, MS / 4, 2 * MS),
                new StageReport.Commit(START_NANOS + 200 * MS, 5, MS, 3 * MS, 5 * MS),
                new StageReport.Commit(START_NANOS + 5_000 * MS, 9, MS, 9 * MS, 9 * MS)); // after the phase

        String report = StageReport.report("phase6-imgate.tsv", trace, toServer, toClient, commits);
        String[] lines = report.split("\n");
        assertEquals("phase6-imgate.tsv: 200 messages, 199 found on both of imgate's legs in the recording", lines[0]);
        assertTrue(lines[2].matches("held, sender's leg +1\\.00 +1\\.00 +1\\.00 +1\\.00 +1\\.00"), lines[2]);
        assertTrue(lines[3].matches("to the recipient's leg +0\\.50 +0\\.50 +20\\.00 +20\\.00 +20\\.00"), lines[3]);
        assertTrue(lines[5].matches("outside imgate +0\\.40 .*"), lines[5]);
        assertTrue(lines[7].startsWith("the slowest 1% (10 messages, from 21.41 ms), mean ms: held, sender's leg 1.00;"
                + " to the recipient's leg 20.00;"), lines[7]);
        assertEquals("journal commits during the phase: 2, records per commit p50 3 max 5", lines[8]);
        assertEquals("  fsync                  p50 0.25 p99 3.00 max 3.00 ms", lines[10]);
    }

    @Test
    void refusesAFileThatIsNoLatencyTrace() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StageReport.report("phase6-imgate.tsv", List.of("pair\tdue_ms"), Map.of(), Map.of(), List.of()));
        assertEquals("phase6-imgate.tsv: not a latency trace (no '# phase start' line)", e.getMessage());
    }

    @Name(StageReport.RELAY_EVENT)
    static class RelayEvent extends Event {
        String towards;
        String stanzaId;
        String to;
        @Timespan(Timespan.NANOSECONDS)
        long held;
    }

    @Test
    void readsTheRelayEventsOfAFlightRecordingByDirection() throws Exception {
        Path file = dir.resolve("relay.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(StageReport.RELAY_EVENT);
            recording.start();
            for (String towards : List.of("server", "client")) {
                RelayEvent event = new RelayEvent();
                event.towards = towards;
                event.stanzaId = "L6:0";
                event.to = "load2@example.test/bench";
                event.held = towards.equals("server") ? 3 * MS : 0;
                event.commit();
            }
            recording.stop();
            recording.dump(file);
        }
        Map<String, StageReport.Relay> toServer = new HashMap<>();
        Map<String, StageReport.Relay> toClient = new HashMap<>();
        StageReport.read(file, toServer, toClient, new ArrayList<>());
        assertEquals(3 * MS, toServer.get(StageReport.key("L6:0", "load2")).heldNanos());
        assertEquals(0, toClient.get(StageReport.key("L6:0", "load2")).heldNanos());
        assertTrue(toClient.get(StageReport.key("L6:0", "load2")).handedOnNanos()
                >= toServer.get(StageReport.key("L6:0", "load2")).handedOnNanos());
    }
}
