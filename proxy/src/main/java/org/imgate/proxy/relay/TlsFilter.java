package org.imgate.proxy.relay;

import org.apache.mina.core.filterchain.IoFilterAdapter;
import org.apache.mina.core.filterchain.IoFilterChain;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.DefaultWriteRequest;
import org.apache.mina.core.write.WriteRequest;

import javax.net.ssl.SSLEngine;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * TLS for one MINA session, with an engine the caller makes (server or client mode, SNI, host-name
 * verification, protocols already set). It replaces MINA's {@code SslFilter} for a relay's cost per
 * message (ADR 0015): that filter allocates a fresh 16-33 KB buffer for every record it encrypts or
 * decrypts, two thirds of everything a busy proxy allocated; here the engine works in a per-thread scratch
 * buffer and only the bytes it produced are copied out. Decrypted data and the {@code SslEvent.SECURED}
 * event reach the next filter outside the session's TLS lock, so a handler that writes to another
 * session never holds two sessions' TLS locks at once. The handshake's delegated tasks (key agreement,
 * certificate checks) run on a small shared pool, off the I/O threads.
 *
 * <p>Installed on an open session, as STARTTLS does ({@link StartTls}); a write whose request is a
 * {@link ClearText} passes unencrypted (the last clear-text answer before the handshake). Thread-safe.
 */
public final class TlsFilter extends IoFilterAdapter {

    private static final AttributeKey CONNECTION = new AttributeKey(TlsFilter.class, "connection");

    /** CPU-bound handshake work; one thread per core at most, none kept while no handshake runs. */
    private static final Executor HANDSHAKE_TASKS = handshakeTasks();

    private final Supplier<SSLEngine> engines;

    /** @param engines makes a fully configured engine (client or server mode already set) per session */
    public TlsFilter(Supplier<SSLEngine> engines) {
        this.engines = Objects.requireNonNull(engines, "engines");
    }

    /** Marks a write request that must reach the peer unencrypted. */
    public interface ClearText extends WriteRequest {
    }

    @Override
    public void onPreAdd(IoFilterChain parent, String name, NextFilter next) {
        if (parent.contains(TlsFilter.class)) {
            throw new IllegalStateException("TLS is already installed on this session");
        }
    }

    @Override
    public void onPostAdd(IoFilterChain parent, String name, NextFilter next) throws Exception {
        IoSession session = parent.getSession();
        TlsConnection connection = new TlsConnection(session, engines.get(), next, HANDSHAKE_TASKS);
        session.setAttribute(CONNECTION, connection);
        connection.open();
    }

    @Override
    public void messageReceived(NextFilter next, IoSession session, Object message) throws Exception {
        connection(session).received(message);
    }

    @Override
    public void filterWrite(NextFilter next, IoSession session, WriteRequest request) throws Exception {
        if (request instanceof ClearText) {
            // Passed on as a plain request: MINA's write queue then only ever holds one request class, so
            // the JIT's type speculation in its flush loop is not broken (and that large method recompiled)
            // each time a burst of logins sends STARTTLS answers after a stretch of encrypted traffic.
            next.filterWrite(session, new DefaultWriteRequest(request.getMessage(), request.getFuture()));
        } else {
            connection(session).write(request);
        }
    }

    @Override
    public void filterClose(NextFilter next, IoSession session) throws Exception {
        TlsConnection connection = (TlsConnection) session.getAttribute(CONNECTION);
        if (connection != null) {
            connection.closeOutbound();
        }
        next.filterClose(session);
    }

    @Override
    public void sessionClosed(NextFilter next, IoSession session) throws Exception {
        TlsConnection connection = (TlsConnection) session.removeAttribute(CONNECTION);
        if (connection != null) {
            connection.release();
        }
        next.sessionClosed(session);
    }

    private static TlsConnection connection(IoSession session) {
        return (TlsConnection) session.getAttribute(CONNECTION);
    }

    private static Executor handshakeTasks() {
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "imgate-tls-task-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
