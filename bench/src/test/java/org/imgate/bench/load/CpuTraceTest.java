package org.imgate.bench.load;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuTraceTest {

    @TempDir
    Path dir;

    @Test
    void splitsTheHostsTicksIntoBusyStealAndIdle() {
        // cpu user nice system idle iowait irq softirq steal guest guest_nice
        long[] ticks = CpuTrace.hostTicks("cpu  100 2 30 400 5 6 7 8 0 0");
        assertArrayEquals(new long[] {100 + 2 + 30 + 6 + 7, 8, 400 + 5}, ticks);
    }

    @Test
    void writesOneLinePerIntervalWithTheCpuEachProcessUsed() throws Exception {
        Path file = dir.resolve("trace/cpu.tsv");
        Map<String, String> processes = new LinkedHashMap<>();
        processes.put("bench", "self");
        processes.put("gone", "999999999");
        try (CpuTrace ignored = CpuTrace.start(file, processes)) {
            long spin = System.nanoTime() + 600_000_000L;
            long sink = 0;
            while (System.nanoTime() < spin) {
                sink += Long.hashCode(sink + 1);
            }
            assertTrue(sink != 1);
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals("utc_ms\thost_busy\thost_steal\thost_idle\tbench\tgone", lines.get(0));
        assertTrue(lines.size() >= 8, "a line per 50 ms over 600 ms: " + lines.size());
        long benchTicks = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            assertEquals(6, f.length, line);
            assertTrue(Math.abs(Long.parseLong(f[0]) - System.currentTimeMillis()) < 60_000, "UTC milliseconds: " + line);
            benchTicks += Long.parseLong(f[4]);
            assertEquals("0", f[5], "a process that is gone used nothing");
        }
        assertTrue(benchTicks >= 30, "600 ms of spinning is at least ~60 ticks of this JVM: " + benchTicks);
    }
}
