package org.imgate.bench.load;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceReportTest {

    private static final Instant START = Instant.parse("2026-12-07T14:00:00Z");

    /** 300 ms of messages every 10 ms, fast except a burst due between 100 and 200 ms. */
    private static List<String> phase() {
        List<String> lines = new ArrayList<>(List.of("# phase start " + START, "pair\tdue_ms\tlatency_ms"));
        for (int due = 0; due < 300; due += 10) {
            double latency = due >= 100 && due < 200 ? 40 + due / 10.0 : 0.5;
            lines.add("%d\t%d.000\t%.3f".formatted(due % 3, due, latency));
        }
        return lines;
    }

    @Test
    void listsTheSlowMessagesBinsBesideTheCpuInThem() {
        List<String> cpu = new ArrayList<>(List.of("utc_ms\thost_busy\thost_steal\thost_idle\tbench\timgate"));
        for (long end = 50; end <= 300; end += 50) {
            boolean burst = end > 100 && end <= 200; // the rows covering 100-200 ms
            cpu.add("%d\t%d\t0\t%d\t1\t%d".formatted(START.toEpochMilli() + end, burst ? 10 : 4, burst ? 0 : 6,
                    burst ? 8 : 2));
        }
        String report = TraceReport.report("phase6-imgate.tsv", phase(), cpu, 5);
        String[] lines = report.split("\n");
        assertTrue(lines[0].startsWith("phase6-imgate.tsv: 30 messages, p50 0.50 p99 59.00 p99.9 59.00 max 59.00 ms"),
                lines[0]);
        assertTrue(lines[2].matches(" *due_ms +slow/all +max_ms +host_busy +host_steal +host_idle +bench +imgate"),
                lines[2]);
        assertEquals(4, lines.length, "one line for the one slow bin:\n" + report);
        assertTrue(lines[3].matches(" *100 +10/10 +59\\.0 +20 +0 +0 +2 +16"), lines[3]);
    }

    @Test
    void withoutACpuTraceListsTheSlowBinsAlone() {
        String report = TraceReport.report("p.tsv", phase(), List.of(), 50);
        assertTrue(report.contains("messages over 50.0 ms by 100 ms of due time:\n"), report);
        assertTrue(report.endsWith("    100    9/10       59.0\n"), report);
    }

    @Test
    void refusesAFileThatIsNotALatencyTrace() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TraceReport.report("cpu.tsv", List.of("utc_ms\thost_busy"), List.of(), 5));
        assertTrue(e.getMessage().startsWith("cpu.tsv: not a latency trace"), e.getMessage());
    }
}
