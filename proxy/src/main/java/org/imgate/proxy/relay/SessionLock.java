package org.imgate.proxy.relay;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock that guards one relayed session's state, for threads that must never wait for it.
 *
 * <p>The session's I/O threads take it to handle what a peer sent ({@link #run}). Gate decisions,
 * though, complete on the journal's threads (its completer, or for a small batch its writer), which
 * deliver for every session: if one waited for the lock of one session whose holder was descheduled, or
 * paused by a GC, every other session's deliveries (and, on the writer, the next fsync) would wait behind
 * it (measured: stalls of up to 26 ms, and the median added
 * latency at 2,000 msgs/s over 1,000 sessions grew to tens of milliseconds). So {@link #deliverSoon}
 * never waits: when the lock is free it delivers at once, otherwise it leaves a flag that the holder
 * checks after it has released the lock, and delivers then. Nothing is lost: the flag is set before the
 * attempt to lock, and every holder looks at it after unlocking.
 *
 * <p>After each release the {@link Outbox} is flushed (MINA operations are performed outside the lock);
 * a nested {@link #run} leaves both the flush and due deliveries to the outermost one.
 *
 * <p>Thread-safe.
 */
public final class SessionLock {

    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean deliveryDue = new AtomicBoolean();
    private final Runnable deliver;
    private final Outbox outbox;

    /**
     * @param deliver runs under the lock when decisions completed: delivers whatever became ready
     * @param outbox  the session's queued MINA operations, flushed after every release
     */
    public SessionLock(Runnable deliver, Outbox outbox) {
        this.deliver = Objects.requireNonNull(deliver, "deliver");
        this.outbox = Objects.requireNonNull(outbox, "outbox");
    }

    /** Runs {@code action} under the lock, waiting for it; then flushes the outbox and delivers what fell due meanwhile. */
    public void run(Runnable action) {
        lock.lock();
        try {
            action.run();
        } finally {
            lock.unlock();
            afterRelease();
        }
    }

    /** Delivers what became ready now if the lock is free, else leaves it to the holder; never waits. */
    public void deliverSoon() {
        deliveryDue.set(true);
        afterRelease();
    }

    private void afterRelease() {
        if (lock.isHeldByCurrentThread()) {
            return; // nested: the outermost release does this
        }
        outbox.flush();
        while (deliveryDue.get() && lock.tryLock()) {
            try {
                if (deliveryDue.getAndSet(false)) {
                    deliver.run();
                }
            } finally {
                lock.unlock();
            }
            outbox.flush();
        }
    }
}
