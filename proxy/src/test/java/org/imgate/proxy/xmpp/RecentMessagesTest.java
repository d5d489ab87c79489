package org.imgate.proxy.xmpp;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
}
