package org.imgate.bench.msn;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class HeapProbeTest {

    @Test
    void deltaListsTheClassesThatGrewMostWithTheirShareOfEachSession() {
        Map<String, HeapProbe.ClassUse> before = Map.of(
                "[B", new HeapProbe.ClassUse("[B", 1000, 100_000),
                "java.lang.String", new HeapProbe.ClassUse("java.lang.String", 500, 12_000),
                "gone.Thing", new HeapProbe.ClassUse("gone.Thing", 10, 400));
        Map<String, HeapProbe.ClassUse> after = Map.of(
                "[B", new HeapProbe.ClassUse("[B", 1200, 140_000),
                "java.lang.String", new HeapProbe.ClassUse("java.lang.String", 600, 14_400),
                "org.example.Session", new HeapProbe.ClassUse("org.example.Session", 100, 4_800));

        String table = HeapProbe.delta(before, after, 100, 2);
        String[] lines = table.split("\n");

        assertTrue(lines[1].contains("40000") && lines[1].contains("400.0") && lines[1].endsWith("[B"), table);
        assertTrue(lines[2].contains("org.example.Session") && lines[2].contains("48.0"), table);
        assertTrue(lines.length == 4 && lines[3].contains("46800") && lines[3].contains("(all classes)"),
                "two rows, then the total of every class, the vanished one subtracted: " + table);
    }
}
