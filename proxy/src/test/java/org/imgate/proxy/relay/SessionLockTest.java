package org.imgate.proxy.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A completed decision never waits for a busy session, and is still delivered. */
class SessionLockTest {

    private final List<String> deliveredOn = Collections.synchronizedList(new ArrayList<>());
    private final Outbox outbox = new Outbox();
    private final SessionLock lock = new SessionLock(() -> deliveredOn.add(Thread.currentThread().getName()), outbox);

    @Test
    void aFreeSessionIsDeliveredToAtOnceOnTheCallersThread() {
        lock.deliverSoon();
        assertEquals(List.of(Thread.currentThread().getName()), deliveredOn);
    }

    @Test
    void aDeliveryForABusySessionReturnsAtOnceAndTheHolderDeliversWhenItReleases() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> lock.run(() -> {
            holding.countDown();
            await(release);
        }), "io-thread");
        holder.start();
        assertTrue(holding.await(10, TimeUnit.SECONDS));

        Thread completer = new Thread(lock::deliverSoon, "completer");
        completer.start();
        completer.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(completer.isAlive(), "the completer must not wait for the session's lock");
        assertEquals(List.of(), deliveredOn, "nothing is delivered while the holder is inside");

        release.countDown();
        holder.join(TimeUnit.SECONDS.toMillis(10));
        assertEquals(List.of("io-thread"), deliveredOn, "the holder delivered on its way out");
    }

    @Test
    void queuedOperationsRunOnlyAfterTheOutermostRelease() {
        AtomicInteger ran = new AtomicInteger();
        lock.run(() -> {
            lock.run(() -> outbox.add(ran::incrementAndGet));
            assertEquals(0, ran.get(), "a nested release must not run MINA operations under the lock");
            lock.deliverSoon();
            assertEquals(List.of(), deliveredOn, "nor deliver inside the outer action");
        });
        assertEquals(1, ran.get());
        assertEquals(1, deliveredOn.size());
    }

    @Test
    void manyCompletionsRacingWithTheHoldersNeverStrandADelivery() throws Exception {
        AtomicInteger pending = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        SessionLock counting = new SessionLock(() -> delivered.addAndGet(pending.getAndSet(0)), new Outbox());
        int rounds = 20_000;
        Thread io = new Thread(() -> {
            for (int i = 0; i < rounds; i++) {
                counting.run(Thread::onSpinWait);
            }
        });
        Thread completer = new Thread(() -> {
            for (int i = 0; i < rounds; i++) {
                pending.incrementAndGet();
                counting.deliverSoon();
            }
        });
        io.start();
        completer.start();
        io.join();
        completer.join();
        assertEquals(rounds, delivered.get(), "every completion was delivered by one thread or the other");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
