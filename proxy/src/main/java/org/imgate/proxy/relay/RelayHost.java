package org.imgate.proxy.relay;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.FilterEvent;
import org.apache.mina.filter.ssl.SslEvent;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.apache.mina.transport.socket.nio.NioSocketConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The MINA side of an intercepting proxy: one {@link NioSocketAcceptor} for clients and one
 * {@link NioSocketConnector} for the upstream legs, with every event handed to the
 * {@link RelayConnection} the two sessions share (kept under a typed attribute key). Protocol code never
 * sees MINA handlers, only bytes, connects, TLS completion and closes. Connects are asynchronous: the
 * result arrives through a future listener, never by waiting on an I/O thread.
 *
 * <p>Both legs share one set of I/O threads (one per core plus one, MINA's default for one service), named
 * {@code imgate-<name>-io-N}, and a connection's upstream leg is served by the thread of its client leg
 * ({@link LegProcessors}): a relayed frame is read on one leg and written to the other by the same thread,
 * without waking a second one.
 *
 * <p>Thread-safe. {@link #close()} unbinds, closes every session and stops the I/O threads.
 */
public final class RelayHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RelayHost.class);
    private static final AttributeKey CONNECTION = new AttributeKey(RelayHost.class, "connection");

    private final ExecutorService ioThreads;
    private final LegProcessors processors;
    private final NioSocketAcceptor acceptor;
    private final NioSocketConnector connector;
    private final String name;

    /**
     * @param name           what the host serves, for log lines ({@code "xmpp"})
     * @param factory        makes the connection object for each accepted client
     * @param connectTimeout how long an upstream connect may take before it fails
     */
    public RelayHost(String name, RelayConnectionFactory factory, Duration connectTimeout) {
        this.name = Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
        AtomicInteger threads = new AtomicInteger();
        ioThreads = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "imgate-" + name.toLowerCase(Locale.ROOT) + "-io-"
                    + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        processors = new LegProcessors(ioThreads, Runtime.getRuntime().availableProcessors() + 1);
        acceptor = new NioSocketAcceptor(processors);
        connector = new NioSocketConnector(processors);
        acceptor.setSessionDataStructureFactory(LegProcessors.sessionData());
        connector.setSessionDataStructureFactory(LegProcessors.sessionData());
        acceptor.setReuseAddress(true);
        acceptor.setCloseOnDeactivation(false); // sessions get a goodbye first, see close(Duration)
        acceptor.getSessionConfig().setTcpNoDelay(true);
        acceptor.setHandler(new Dispatcher(Side.CLIENT, factory, this));
        connector.getSessionConfig().setTcpNoDelay(true);
        connector.setConnectTimeoutMillis(connectTimeout.toMillis());
        connector.setHandler(new Dispatcher(Side.UPSTREAM, null, this));
    }

    /** Starts accepting clients on {@code address}; returns the bound address (useful with port 0). */
    public InetSocketAddress bind(InetSocketAddress address) throws IOException {
        acceptor.bind(address);
        InetSocketAddress bound = acceptor.getLocalAddress();
        LOG.info("{} proxy listening on {}", name, bound);
        return bound;
    }

    /**
     * Connects the upstream leg of {@code connection} to {@code target}. Returns at once; the outcome
     * arrives as {@link RelayConnection#upstreamConnected} or {@link RelayConnection#upstreamConnectFailed}.
     * The leg is served by the I/O thread that serves {@code clientLeg} (this host's client session of the
     * same connection), so that frames relayed between the two legs never wait for a second thread; with
     * {@code null} (a client that is not on one of this host's sessions) by whichever thread is next in turn.
     */
    public void connect(InetSocketAddress target, RelayConnection connection, IoSession clientLeg) {
        ConnectFuture future = connector.connect(target, (session, f) -> {
            session.setAttribute(CONNECTION, connection);
            if (clientLeg != null) {
                LegProcessors.placeBeside(session, clientLeg);
            }
        });
        future.addListener(f -> {
            ConnectFuture done = (ConnectFuture) f;
            withMdc(connection, () -> {
                if (done.isConnected()) {
                    connection.upstreamConnected(done.getSession());
                } else {
                    connection.upstreamConnectFailed(done.getException());
                }
            });
        });
    }

    /** How many client connections are open now. */
    public int clientCount() {
        return acceptor.getManagedSessionCount();
    }

    /**
     * Stops accepting, lets every connection say goodbye ({@link RelayConnection#shuttingDown()}), waits
     * up to {@code grace} for the goodbyes to be flushed, then closes whatever is left and stops the I/O
     * threads.
     */
    public void close(Duration grace) throws InterruptedException {
        acceptor.unbind();
        for (IoSession session : acceptor.getManagedSessions().values()) {
            RelayConnection connection = (RelayConnection) session.getAttribute(CONNECTION);
            if (connection != null) {
                withMdc(connection, connection::shuttingDown);
            }
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (acceptor.getManagedSessionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        close();
    }

    @Override
    public void close() {
        acceptor.unbind();
        acceptor.getManagedSessions().values().forEach(IoSession::closeNow);
        connector.getManagedSessions().values().forEach(IoSession::closeNow);
        acceptor.dispose(true);
        connector.dispose(true);
        processors.dispose();
        ioThreads.shutdown();
        try {
            if (!ioThreads.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("{} proxy: I/O threads still running 5 s after the stop", name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("{} proxy stopped", name);
    }

    private static void withMdc(RelayConnection connection, Runnable action) {
        MDC.put("session", connection.id());
        try {
            action.run();
        } finally {
            MDC.remove("session");
        }
    }

    /** Routes one side's MINA events to the shared connection object. */
    private static final class Dispatcher extends IoHandlerAdapter {
        private final Side side;
        private final RelayConnectionFactory factory;
        private final RelayHost host;

        Dispatcher(Side side, RelayConnectionFactory factory, RelayHost host) {
            this.side = side;
            this.factory = factory;
            this.host = host;
        }

        @Override
        public void sessionCreated(IoSession session) {
            if (side == Side.CLIENT) {
                session.setAttribute(CONNECTION, factory.accept(session, host));
            }
        }

        @Override
        public void messageReceived(IoSession session, Object message) {
            RelayConnection connection = connection(session);
            IoBuffer buffer = (IoBuffer) message;
            byte[] data = new byte[buffer.remaining()];
            buffer.get(data);
            withMdc(connection, () -> connection.received(side, data));
        }

        @Override
        public void event(IoSession session, FilterEvent event) {
            if (event == SslEvent.SECURED) {
                RelayConnection connection = connection(session);
                withMdc(connection, () -> connection.secured(side));
            }
        }

        @Override
        public void exceptionCaught(IoSession session, Throwable cause) {
            RelayConnection connection = connection(session);
            if (connection != null) {
                withMdc(connection, () -> connection.failed(side, cause));
            }
            session.closeNow();
        }

        @Override
        public void sessionClosed(IoSession session) {
            RelayConnection connection = connection(session);
            if (connection != null) {
                withMdc(connection, () -> connection.closed(side));
            }
        }

        private static RelayConnection connection(IoSession session) {
            return (RelayConnection) session.getAttribute(CONNECTION);
        }
    }
}
