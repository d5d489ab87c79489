package org.imgate.proxy.msn.gateway;

import java.io.ByteArrayOutputStream;

/**
 * The MSNP bytes the server sent to one gateway client since its last request; the next response
 * (send or poll) carries them all. Bounded: a client that stops polling while its server keeps talking
 * must not grow memory, so an append beyond {@code maxBytes} is refused and the transport ends the
 * session (the client's messages are then unacknowledged rather than silently lost). Thread-safe: the
 * upstream side appends while the HTTP side drains.
 */
public final class GatewayOutbox {

    private final int maxBytes;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    public GatewayOutbox(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /** Queues server bytes; {@code false}, and nothing queued, when they would exceed the bound. */
    public synchronized boolean append(byte[] msnp) {
        if (pending.size() + (long) msnp.length > maxBytes) {
            return false;
        }
        pending.writeBytes(msnp);
        return true;
    }

    /** Everything queued, in order; the outbox is empty afterwards. */
    public synchronized byte[] drain() {
        byte[] out = pending.toByteArray();
        pending.reset();
        return out;
    }

    public synchronized int size() {
        return pending.size();
    }
}
