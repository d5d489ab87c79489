package org.imgate.proxy.msn.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** The gateway client side of a session: bytes wait for the next request, bounded. */
class GatewayClientLegTest {

    private final AtomicInteger overflows = new AtomicInteger();
    private final GatewayClientLeg leg = new GatewayClientLeg("127.0.0.1:5000", 4096, overflows::incrementAndGet);

    @Test
    void writesWaitInOrderForTheNextCollect() {
        leg.write("VER 1 MSNP8\r\n".getBytes(UTF_8));
        leg.write("CVR 2 6.2 6.2 5.0 x y\r\n".getBytes(UTF_8));
        GatewayClientLeg.Collected c = leg.collect();
        assertArrayEquals("VER 1 MSNP8\r\nCVR 2 6.2 6.2 5.0 x y\r\n".getBytes(UTF_8), c.msnp());
        assertFalse(c.closed());
        assertEquals(0, leg.collect().msnp().length, "collected once");
    }

    @Test
    void aWaitingRequestIsToldWhenSomethingArrivesAndOnlyOnce() {
        AtomicInteger told = new AtomicInteger();
        leg.whenReady(told::incrementAndGet);
        assertEquals(0, told.get(), "nothing queued yet: the request waits");
        leg.write("QNG 50\r\n".getBytes(UTF_8));
        leg.write("NLN NLN bob@corp.example Bob 0\r\n".getBytes(UTF_8));
        assertEquals(1, told.get());
        leg.whenReady(told::incrementAndGet);
        assertEquals(2, told.get(), "bytes already queued: ready at once");
    }

    @Test
    void aReleasedWaitIsNotCalledLater() {
        AtomicInteger told = new AtomicInteger();
        leg.whenReady(told::incrementAndGet);
        leg.release();
        leg.write("QNG 50\r\n".getBytes(UTF_8));
        assertEquals(0, told.get());
    }

    @Test
    void closingWakesTheWaitingRequestAndKeepsWhatWasQueued() {
        AtomicInteger told = new AtomicInteger();
        leg.whenReady(told::incrementAndGet);
        leg.close();
        assertEquals(1, told.get());
        GatewayClientLeg.Collected c = leg.collect();
        assertTrue(c.closed());
        leg.write("late\r\n".getBytes(UTF_8));
        assertEquals(0, leg.collect().msnp().length, "nothing is queued after the close");
    }

    @Test
    void aClientThatFallsBehindOverflowsOnceAndTheSessionIsToldToEnd() {
        byte[] chunk = new byte[1500];
        leg.write(chunk);
        leg.write(chunk);
        assertEquals(0, overflows.get());
        leg.write(chunk);
        leg.write(chunk);
        assertEquals(1, overflows.get(), "told once");
        GatewayClientLeg.Collected c = leg.collect();
        assertTrue(c.closed());
        assertEquals(3000, c.msnp().length, "what fitted is still handed over");
    }
}
