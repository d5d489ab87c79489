package org.imgate.proxy.relay;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.filterchain.IoFilter.NextFilter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.DefaultWriteRequest;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.core.write.WriteToClosedSessionException;
import org.apache.mina.filter.FilterEvent;
import org.apache.mina.filter.ssl.SslEvent;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * One session's TLS state for {@link TlsFilter}: the engine, the bytes of a record not yet complete,
 * writes made before the handshake finished, and what is decrypted but not yet handed on. Every engine
 * call runs under this object's lock, so records are encrypted and queued for the socket in one order;
 * the hand-offs to the next filter run after the lock is released, one thread at a time and in order.
 */
final class TlsConnection {

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);
    /** Asks the session to close once its queued writes are out (the peer ended TLS). */
    private static final Object CLOSE = new Object();
    /** Sends the alert a failed engine holds for the peer. */
    private static final Object ALERT = new Object();
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final IoSession session;
    private final SSLEngine engine;
    private final NextFilter next;
    private final Executor tasks;

    // Guarded by this.
    private ByteBuffer inbound;
    private ArrayDeque<WriteRequest> held;
    private ArrayDeque<Object> deliveries;
    private boolean delivering;
    private boolean secured;
    private boolean tasksRunning;
    private boolean inboundDone;
    private boolean outboundClosed;

    TlsConnection(IoSession session, SSLEngine engine, NextFilter next, Executor tasks) {
        this.session = session;
        this.engine = engine;
        this.next = next;
        this.tasks = tasks;
    }

    /** Starts the handshake when this end is the client; a server waits for the peer's hello. */
    void open() throws SSLException {
        synchronized (this) {
            if (engine.getUseClientMode()) {
                engine.beginHandshake();
                step(HandshakeStatus.NEED_WRAP);
            }
        }
        deliver();
    }

    /** Decrypts what the peer sent; decrypted bytes and events go to the next filter, in order. */
    void received(Object message) {
        ByteBuffer incoming = ((IoBuffer) message).buf();
        synchronized (this) {
            if (inboundDone) {
                return; // the peer ended TLS: nothing after its close_notify counts
            }
            ByteBuffer source = pending(incoming);
            try {
                if (!tasksRunning) {
                    decode(source);
                }
                keep(source);
            } catch (SSLException e) {
                fail(e);
            }
        }
        deliver();
    }

    /** Encrypts one write, or holds it until the handshake is done. */
    void write(WriteRequest request) throws SSLException, WriteToClosedSessionException {
        if (!(request.getMessage() instanceof IoBuffer)) {
            throw new IllegalArgumentException("TLS carries byte buffers, not " + request.getMessage().getClass());
        }
        synchronized (this) {
            if (outboundClosed) {
                throw new WriteToClosedSessionException(request);
            }
            if (!secured || (held != null && !held.isEmpty())) {
                if (held == null) {
                    held = new ArrayDeque<>(4);
                }
                held.add(request);
                return;
            }
            encrypt(request);
        }
        deliver();
    }

    /** Sends close_notify when the handshake is done; writes still held fail. */
    void closeOutbound() {
        synchronized (this) {
            if (outboundClosed) {
                return;
            }
            outboundClosed = true;
            failHeld();
            if (secured) {
                engine.closeOutbound();
                try {
                    wrapHandshake();
                } catch (SSLException e) {
                    // The session closes either way; the peer then sees no close_notify.
                }
            }
        }
    }

    /** The session closed: no more decoding; anything already decrypted is still handed on. */
    synchronized void release() {
        inboundDone = true;
        outboundClosed = true;
        inbound = null;
        failHeld();
    }

    private void decode(ByteBuffer source) throws SSLException {
        Scratch scratch = SCRATCH.get();
        while (source.hasRemaining() && !tasksRunning && !inboundDone) {
            ByteBuffer app = scratch.app();
            SSLEngineResult result = engine.unwrap(source, app);
            switch (result.getStatus()) {
                case BUFFER_OVERFLOW -> {
                    scratch.growApp(engine);
                    continue;
                }
                case BUFFER_UNDERFLOW -> {
                    return; // part of a record: wait for the rest
                }
                case CLOSED -> {
                    inboundDone = true;
                    enqueue(CLOSE);
                    return;
                }
                case OK -> {
                }
            }
            if (result.bytesProduced() > 0) {
                app.flip();
                enqueue(IoBuffer.allocate(app.remaining()).put(app).flip());
            }
            HandshakeStatus status = result.getHandshakeStatus();
            step(status);
            if (result.bytesConsumed() == 0 && result.bytesProduced() == 0 && status != HandshakeStatus.NEED_WRAP) {
                return;
            }
        }
    }

    /** Moves the handshake on after an engine call returned {@code status}. */
    private void step(HandshakeStatus status) throws SSLException {
        switch (status) {
            case NEED_WRAP -> wrapHandshake();
            case NEED_TASK -> runTasks();
            case FINISHED -> finished();
            default -> {
            }
        }
    }

    /** Wraps handshake (or closing) messages while the engine has them, and sends them as one write. */
    private void wrapHandshake() throws SSLException {
        Scratch scratch = SCRATCH.get();
        IoBuffer out = null;
        HandshakeStatus status;
        while (true) {
            ByteBuffer net = scratch.net();
            SSLEngineResult result = engine.wrap(NOTHING, net);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                scratch.growNet(engine);
                continue;
            }
            net.flip();
            if (net.hasRemaining()) {
                out = append(out, net);
            }
            status = result.getHandshakeStatus();
            if (status != HandshakeStatus.NEED_WRAP || result.getStatus() == SSLEngineResult.Status.CLOSED
                    || result.bytesProduced() == 0) {
                break;
            }
        }
        if (out != null) {
            next.filterWrite(session, new DefaultWriteRequest(out.flip()));
        }
        if (status == HandshakeStatus.FINISHED) {
            finished();
        } else if (status == HandshakeStatus.NEED_TASK) {
            runTasks();
        }
    }

    private void encrypt(WriteRequest request) throws SSLException {
        ByteBuffer plain = ((IoBuffer) request.getMessage()).buf();
        Scratch scratch = SCRATCH.get();
        // One record per 16 KB of plain text, each with a header, a tag and a content type byte.
        IoBuffer out = IoBuffer.allocate(plain.remaining() + 64 * (1 + plain.remaining() / 16_384)).setAutoExpand(true);
        HandshakeStatus status = HandshakeStatus.NOT_HANDSHAKING;
        while (plain.hasRemaining()) {
            ByteBuffer net = scratch.net();
            SSLEngineResult result = engine.wrap(plain, net);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                scratch.growNet(engine);
                continue;
            }
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("TLS is closed; cannot send more");
            }
            if (result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                throw new SSLException("TLS engine accepted no data to send (" + result.getHandshakeStatus() + ")");
            }
            out.put(net.flip());
            status = result.getHandshakeStatus();
        }
        request.setMessage(out.flip());
        next.filterWrite(session, request);
        step(status); // a TLS 1.3 key update, when the engine asks for one
    }

    private void finished() throws SSLException {
        if (secured) {
            return;
        }
        secured = true;
        enqueue(SslEvent.SECURED);
        while (held != null && !held.isEmpty() && !outboundClosed) {
            encrypt(held.poll());
        }
        held = null;
    }

    /** Runs the handshake's delegated tasks off this thread; decoding waits until they are done. */
    private void runTasks() {
        if (tasksRunning) {
            return;
        }
        tasksRunning = true;
        tasks.execute(() -> {
            Throwable failure = null;
            try {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
            } catch (RuntimeException e) {
                failure = e;
            }
            resume(failure);
            deliver();
        });
    }

    private synchronized void resume(Throwable taskFailure) {
        tasksRunning = false;
        if (inboundDone && outboundClosed) {
            return; // the session closed meanwhile
        }
        try {
            if (taskFailure != null) {
                throw new SSLException("TLS handshake task failed", taskFailure);
            }
            // A wrap even when the engine waits for the peer: it reports what a task failed with.
            wrapHandshake();
            if (inbound != null && !tasksRunning) {
                decode(inbound);
                keep(inbound);
            }
        } catch (SSLException e) {
            fail(e);
        }
    }

    /**
     * TLS failed for good: the handler hears why first, then the peer gets the engine's alert. In this
     * order because a peer that reads the alert closes at once, and the handler must not take that close
     * for the cause (a server whose certificate we refuse "closed the connection").
     */
    private void fail(SSLException cause) {
        inboundDone = true;
        inbound = null;
        enqueue(cause);
        enqueue(ALERT);
    }

    /** After a fatal error the engine holds an alert for the peer; sends it if it can. */
    private void sendAlert() {
        try {
            wrapHandshake();
        } catch (SSLException | RuntimeException e) {
            // The engine has nothing more to say; the session closes anyway.
        }
    }

    /** The bytes to decode: the new ones alone, or appended to the part of a record kept before. */
    private ByteBuffer pending(ByteBuffer incoming) {
        if (inbound == null) {
            return incoming;
        }
        if (inbound.capacity() - inbound.remaining() < incoming.remaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(inbound.remaining() + incoming.remaining());
            inbound = bigger.put(inbound);
        } else {
            inbound.compact();
        }
        inbound.put(incoming).flip();
        return inbound;
    }

    /** Keeps what is left of {@code source} (part of a record) for the next read. */
    private void keep(ByteBuffer source) {
        if (!source.hasRemaining()) {
            inbound = null;
        } else if (source != inbound) {
            inbound = ByteBuffer.allocate(source.remaining()).put(source).flip();
        }
    }

    private void enqueue(Object delivery) {
        if (deliveries == null) {
            deliveries = new ArrayDeque<>(4);
        }
        deliveries.add(delivery);
    }

    private void failHeld() {
        if (held == null) {
            return;
        }
        for (WriteRequest request : held) {
            request.getFuture().setException(new WriteToClosedSessionException(request));
        }
        held = null;
    }

    /** Hands decrypted bytes and events on, outside the lock; one thread at a time, in order. */
    private void deliver() {
        synchronized (this) {
            if (delivering || deliveries == null || deliveries.isEmpty()) {
                return;
            }
            delivering = true;
        }
        boolean done = false;
        try {
            while (true) {
                Object delivery;
                synchronized (this) {
                    delivery = deliveries.poll();
                    if (delivery == null) {
                        deliveries = null;
                        delivering = false;
                        done = true;
                        return;
                    }
                }
                dispatch(delivery);
            }
        } finally {
            if (!done) {
                synchronized (this) {
                    delivering = false;
                }
            }
        }
    }

    private void dispatch(Object delivery) {
        if (delivery instanceof IoBuffer data) {
            next.messageReceived(session, data);
        } else if (delivery instanceof FilterEvent event) {
            next.event(session, event);
        } else if (delivery instanceof Throwable failure) {
            next.exceptionCaught(session, failure);
        } else if (delivery == CLOSE) {
            session.closeOnFlush();
        } else if (delivery == ALERT) {
            synchronized (this) {
                sendAlert();
            }
        }
    }

    private static IoBuffer append(IoBuffer out, ByteBuffer more) {
        if (out == null) {
            return IoBuffer.allocate(more.remaining()).setAutoExpand(true).put(more);
        }
        return out.put(more);
    }

    /**
     * A thread's work buffers for the engine, which wants room for a whole record on every call
     * (about 17 KB) however little it will write: kept per thread instead of allocated per record.
     */
    private static final class Scratch {
        private ByteBuffer net = ByteBuffer.allocate(17 * 1024);
        private ByteBuffer app = ByteBuffer.allocate(17 * 1024);

        ByteBuffer net() {
            return net.clear();
        }

        ByteBuffer app() {
            return app.clear();
        }

        void growNet(SSLEngine engine) {
            net = ByteBuffer.allocate(Math.max(net.capacity() * 2, session(engine).getPacketBufferSize()));
        }

        void growApp(SSLEngine engine) {
            app = ByteBuffer.allocate(Math.max(app.capacity() * 2, session(engine).getApplicationBufferSize()));
        }

        private static SSLSession session(SSLEngine engine) {
            SSLSession handshake = engine.getHandshakeSession();
            return handshake != null ? handshake : engine.getSession();
        }
    }
}
