package org.imgate.proxy.xmpp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecentMessagesTest {

    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");

    @Test
    void rememberedWithinTheWindowForgottenAfter() {
        RecentMessages recent = new RecentMessages(10, Duration.ofMinutes(10));
        assertTrue(recent.firstSeen("k", T0));
        assertFalse(recent.firstSeen("k", T0.plus(Duration.ofMinutes(9))));
        assertTrue(recent.firstSeen("k", T0.plus(Duration.ofMinutes(11))), "a copy after the window is news");
    }

    @Test
    void boundedInCount() {
        RecentMessages recent = new RecentMessages(3, Duration.ofHours(1));
        for (int i = 0; i < 100; i++) {
            assertTrue(recent.firstSeen("k" + i, T0));
        }
        assertEquals(3, recent.size());
        assertFalse(recent.firstSeen("k99", T0));
        assertTrue(recent.firstSeen("k0", T0), "the oldest keys were dropped");
    }

    @Test
    @Timeout(30) // a table whose forgetting is broken fills up, and a look-up then never ends
    void agreesWithASimpleModelThroughEvictionsAndExpiry() {
        // A small table with many collisions exercises the probe runs that forgetting has to repair.
        int capacity = 37;
        Duration window = Duration.ofSeconds(30);
        RecentMessages recent = new RecentMessages(capacity, window);
        Map<String, Instant> model = new LinkedHashMap<>();
        Random random = new Random(42);
        Instant now = T0;
        for (int i = 0; i < 50_000; i++) {
            now = now.plusMillis(random.nextInt(400));
            String key = "k" + random.nextInt(120);
            Instant cutoff = now.minus(window);
            model.values().removeIf(at -> !at.isAfter(cutoff));
            boolean expected = !model.containsKey(key);
            if (expected) {
                model.put(key, now);
                if (model.size() > capacity) {
                    model.remove(model.keySet().iterator().next());
                }
            }
            assertEquals(expected, recent.firstSeen(key, now), "step " + i + ", key " + key);
            assertEquals(model.size(), recent.size(), "step " + i);
        }
    }

    @Test
    void rejectsCapacitiesItCannotHold() {
        assertThrows(IllegalArgumentException.class,
                () -> new RecentMessages(0, Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new RecentMessages(RecentMessages.MAX_CAPACITY + 1, Duration.ofMinutes(1)));
    }
}
