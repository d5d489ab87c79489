package org.imgate.policy.yaml;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Period;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YamlBinderTest {
    enum Mode { CLOSED, OPEN }

    record Inner(Mode failureMode, Period retention) {
        Inner {
            if (failureMode == null) {
                failureMode = Mode.CLOSED;
            }
            if (retention != null && retention.isNegative()) {
                throw new IllegalArgumentException("retention must not be negative");
            }
        }
    }

    record Outer(String nodeId, Inner archive, List<String> names) {
    }

    record Strict(String name, List<String> items) {
        Strict {
            if (name == null) {
                throw new YamlValueException("name", "a name is required");
            }
            if (items != null && items.contains("bad")) {
                throw new YamlValueException("items[" + items.indexOf("bad") + "]", "'bad' is not allowed");
            }
        }
    }

    record Holder(List<Strict> entries) {
    }

    private final YamlBinder binder = new YamlBinder();
    private final Path origin = Path.of("conf/test.yaml");

    @Test
    void bindsKebabCaseKeysAndAppliesDefaults() throws Exception {
        Outer outer = binder.read("node-id: n1\narchive:\n  retention: P7Y\nnames: [a, b]\n", origin, Outer.class);
        assertEquals("n1", outer.nodeId());
        assertEquals(Mode.CLOSED, outer.archive().failureMode());
        assertEquals(Period.ofYears(7), outer.archive().retention());
        assertEquals(List.of("a", "b"), outer.names());
    }

    @Test
    void unknownKeyNamesFileLineAndPath() {
        YamlException e = assertThrows(YamlException.class,
                () -> binder.read("node-id: n1\narchive:\n  retension: P7Y\n", origin, Outer.class));
        assertEquals(3, e.line());
        assertEquals("archive.retension", e.keyPath());
        assertTrue(e.getMessage().startsWith("conf/test.yaml:3: archive.retension: unknown key 'retension'"), e.getMessage());
        assertTrue(e.getMessage().contains("retention"), "lists the known keys: " + e.getMessage());
    }

    @Test
    void badValueNamesTheKey() {
        YamlException e = assertThrows(YamlException.class,
                () -> binder.read("archive:\n  failure-mode: sometimes\n", origin, Outer.class));
        assertEquals(2, e.line());
        assertEquals("archive.failure-mode", e.keyPath());
        assertTrue(e.problem().contains("one of: closed, open"), e.problem());
    }

    @Test
    void constructorRejectionIsReportedWithItsMessage() {
        YamlException e = assertThrows(YamlException.class,
                () -> binder.read("archive:\n  retention: P-1Y\n", origin, Outer.class));
        assertTrue(e.problem().contains("retention must not be negative"), e.problem());
        assertTrue(e.keyPath().startsWith("archive"), e.keyPath());
    }

    @Test
    void aPlainRejectionThatNamesOneOfTheRecordsKeysIsReportedAtThatKey() {
        YamlException e = assertThrows(YamlException.class,
                () -> binder.read("node-id: n1\narchive:\n  failure-mode: open\n  retention: P-1Y\n", origin,
                        Outer.class));
        assertEquals("archive.retention", e.keyPath());
        assertEquals(4, e.line(), e.getMessage());
    }

    record Pair(Integer low, Integer high) {
        Pair {
            if (low != null && high != null && low > high) {
                throw new IllegalArgumentException("the range is empty: " + low + " > " + high);
            }
        }
    }

    @Test
    void aPlainRejectionNamingNoKeyIsReportedAtItsRecord() {
        YamlException e = assertThrows(YamlException.class,
                () -> binder.read("low: 5\nhigh: 2\n", origin, Pair.class));
        assertEquals("", e.keyPath());
        assertTrue(e.problem().contains("the range is empty"), e.problem());
    }

    @Test
    void wrongShapeAndDuplicateKeysAreRejected() {
        YamlException shape = assertThrows(YamlException.class,
                () -> binder.read("names: just-one\n", origin, Outer.class));
        assertEquals("names", shape.keyPath());
        YamlException duplicate = assertThrows(YamlException.class,
                () -> binder.read("node-id: a\nnode-id: b\n", origin, Outer.class));
        assertEquals(2, duplicate.line());
        assertTrue(duplicate.problem().contains("node-id"), duplicate.problem());
    }

    @Test
    void brokenYamlIsReportedWithItsLine() {
        YamlException e = assertThrows(YamlException.class,
                () -> binder.read("node-id: a\narchive: [\n  x\n", origin, Outer.class));
        assertTrue(e.line() >= 2, "line " + e.line());
    }

    @Test
    void aConstructorCanBlameOneOfItsKeys() {
        YamlException e = assertThrows(YamlException.class,
                () -> binder.read("entries:\n  - name: a\n    items:\n      - ok\n      - bad\n", origin, Holder.class));
        assertEquals("entries[0].items[1]", e.keyPath());
        assertEquals(5, e.line());
        assertEquals("'bad' is not allowed", e.problem());
    }

    @Test
    void aMissingKeyIsReportedAtTheMappingThatLacksIt() {
        YamlException e = assertThrows(YamlException.class,
                () -> binder.read("entries:\n  - name: a\n  - items: [x]\n", origin, Holder.class));
        assertEquals("entries[1].name", e.keyPath());
        assertEquals(3, e.line());
    }

    @Test
    void aMisspelledKeyIsReportedRatherThanWhatTheConstructorThenMissed() {
        YamlException e = assertThrows(YamlException.class,
                () -> binder.read("entries:\n  - nmae: a\n", origin, Holder.class));
        assertEquals("entries[0].nmae", e.keyPath());
        assertEquals(2, e.line());
        assertEquals("unknown key 'nmae' (known keys: items, name)", e.problem());
    }
}
