package org.imgate.proxy.relay;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * MINA operations (writes, closes, read suspension, filter changes) that a connection decides on under
 * its own lock but performs after releasing it. MINA's TLS filter holds a lock of its own while it hands
 * decrypted bytes to the handler; writing to that session under the connection's lock from another
 * thread could therefore deadlock two I/O threads. Operations run in the order they were queued, by one
 * thread at a time; whoever finds work queued after its own flush carries it out, so nothing is stranded.
 *
 * <p>Thread-safe; {@link #flush()} must be called without holding the connection's lock.
 */
public final class Outbox {

    private final Queue<Runnable> operations = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushing = new AtomicBoolean();

    /** Queues {@code operation}; it runs at the next {@link #flush()}. */
    public void add(Runnable operation) {
        operations.add(Objects.requireNonNull(operation, "operation"));
    }

    /** Runs every queued operation in order, unless another thread is already doing so. */
    public void flush() {
        while (!operations.isEmpty() && flushing.compareAndSet(false, true)) {
            try {
                for (Runnable operation; (operation = operations.poll()) != null; ) {
                    operation.run();
                }
            } finally {
                flushing.set(false);
            }
        }
    }
}
