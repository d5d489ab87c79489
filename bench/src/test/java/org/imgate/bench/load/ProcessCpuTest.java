package org.imgate.bench.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessCpuTest {

    @Test
    void readsThisJvmsCpuTimeAndGrowsAsItWorks() {
        long before = ProcessCpu.ticks("self").orElseThrow();
        long spin = System.nanoTime() + 300_000_000L;
        long sink = 0;
        while (System.nanoTime() < spin) {
            sink += Long.hashCode(sink + 1);
        }
        long after = ProcessCpu.ticks("self").orElseThrow();
        assertTrue(after > before, "300 ms of spinning shows in /proc (" + before + " -> " + after + ", " + sink + ")");
        assertEquals(after * 10_000_000L, ProcessCpu.nanos("self"), 50_000_000L, "ticks are hundredths of a second");
    }

    @Test
    void aProcessThatIsGoneHasNoFigure() {
        assertTrue(ProcessCpu.ticks("999999999").isEmpty());
        assertEquals(0, ProcessCpu.nanos("999999999"));
    }
}
