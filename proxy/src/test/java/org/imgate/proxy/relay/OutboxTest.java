package org.imgate.proxy.relay;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxTest {

    @Test
    void operationsRunInQueuedOrderOnlyWhenFlushed() {
        Outbox outbox = new Outbox();
        List<String> done = new ArrayList<>();
        outbox.add(() -> done.add("write header"));
        outbox.add(() -> done.add("write features"));
        assertEquals(List.of(), done);
        outbox.flush();
        assertEquals(List.of("write header", "write features"), done);
    }

    @Test
    void workQueuedWhileAnotherThreadFlushesIsCarriedOutByThatThread() throws Exception {
        Outbox outbox = new Outbox();
        List<String> done = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch insideFirst = new CountDownLatch(1);
        CountDownLatch secondQueued = new CountDownLatch(1);
        outbox.add(() -> {
            insideFirst.countDown();
            await(secondQueued);
            done.add("first");
        });
        Thread flusher = new Thread(outbox::flush);
        flusher.start();
        assertTrue(insideFirst.await(5, TimeUnit.SECONDS));
        outbox.add(() -> done.add("second"));
        outbox.flush(); // returns at once: the other thread is flushing and picks "second" up
        secondQueued.countDown();
        flusher.join(5000);
        assertEquals(List.of("first", "second"), done);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
