package org.imgate.server;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells {@code serve} to stop, and lets whoever asked wait until it has: the JVM's shutdown hook
 * must not let the process exit while the archive is still closing, or acknowledged records could
 * be lost.
 *
 * <p>Thread-safe.
 */
public final class ShutdownSignal {
    private final CountDownLatch requested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean running = new AtomicBoolean();

    /** A signal raised by SIGTERM/SIGINT (the JVM shutdown hook), which then waits up to {@code grace}. */
    public static ShutdownSignal onJvmShutdown(Duration grace) {
        ShutdownSignal signal = new ShutdownSignal();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            signal.request();
            if (signal.running.get()) {
                signal.awaitStopped(grace);
            }
        }, "imgate-shutdown"));
        return signal;
    }

    public void request() {
        requested.countDown();
    }

    /** Whether a stop was requested (after which the JVM may already be shutting down). */
    public boolean requested() {
        return requested.getCount() == 0;
    }

    /** Called by {@code serve} before it starts anything: from now on a stop waits for {@link #markStopped()}. */
    public void markRunning() {
        running.set(true);
    }

    /** Blocks until {@link #request()}. */
    public void awaitRequest() throws InterruptedException {
        requested.await();
    }

    /** Called by {@code serve} once everything it started is closed. */
    public void markStopped() {
        stopped.countDown();
    }

    /** @return whether serve stopped within {@code timeout} */
    public boolean awaitStopped(Duration timeout) {
        try {
            return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
