package org.imgate.proxy.msn.transport;

import java.util.Objects;

import org.apache.mina.core.session.IoSession;

import org.imgate.proxy.msn.gateway.GatewayOutbox;

/**
 * A client reached through the HTTP gateway: what the session writes to it waits in a bounded
 * {@link GatewayOutbox} until the client's next request (open, send or poll) collects it. A client that
 * stops polling while its server keeps talking overflows the outbox; the session then ends (and its close
 * is archived) rather than growing memory. Reading cannot be suspended (the client's bytes come with its
 * requests, one at a time and bounded in size), so suspension is a no-op.
 *
 * <p>Thread-safe: the session writes from I/O threads while the gateway collects from its own.
 */
final class GatewayClientLeg implements ClientLeg {

    /** What a waiting request gets: the bytes queued, and whether the session is over. */
    record Collected(byte[] msnp, boolean closed) {
    }

    private final String remoteAddress;
    private final GatewayOutbox outbox;
    private final Runnable onOverflow;
    private Runnable waiting;
    private boolean closed;
    private boolean overflowed;

    /**
     * @param onOverflow called once, without locks held, when the client fell so far behind that the outbox
     *                   is full: it must end the session
     */
    GatewayClientLeg(String remoteAddress, int maxQueuedBytes, Runnable onOverflow) {
        this.remoteAddress = Objects.requireNonNull(remoteAddress, "remoteAddress");
        this.outbox = new GatewayOutbox(maxQueuedBytes);
        this.onOverflow = Objects.requireNonNull(onOverflow, "onOverflow");
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public void write(byte[] msnp) {
        Runnable reply;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (!outbox.append(msnp)) {
                overflowed = true;
                closed = true;
            }
            reply = takeWaiting();
        }
        if (overflowed) {
            onOverflow.run();
        }
        if (reply != null) {
            reply.run();
        }
    }

    /**
     * Runs {@code reply} now when something is queued (or the session is over), else when something is
     * written or {@link #release()} is called; the caller then {@link #collect() collects}. One request at a
     * time waits (the gateway protocol allows no more).
     */
    void whenReady(Runnable reply) {
        boolean now;
        synchronized (this) {
            now = closed || outbox.size() > 0;
            if (!now) {
                waiting = reply;
            }
        }
        if (now) {
            reply.run();
        }
    }

    /** Forgets a waiting request (its wait is over and it collects by itself). */
    synchronized void release() {
        waiting = null;
    }

    /** Takes what is queued. */
    synchronized Collected collect() {
        return new Collected(outbox.drain(), closed);
    }

    synchronized boolean closed() {
        return closed;
    }

    @Override
    public void suspendRead() {
        // The client's input arrives with its requests, each bounded; there is no stream to pause.
    }

    @Override
    public void resumeRead() {
        // See suspendRead.
    }

    @Override
    public void close() {
        Runnable reply;
        synchronized (this) {
            closed = true;
            reply = takeWaiting();
        }
        if (reply != null) {
            reply.run();
        }
    }

    /** None: the client's requests arrive on the gateway's own listener, not on a relay host's session. */
    @Override
    public IoSession relaySession() {
        return null;
    }

    private Runnable takeWaiting() {
        Runnable reply = waiting;
        waiting = null;
        return reply;
    }
}
