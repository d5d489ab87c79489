package org.imgate.proxy.msn.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IdleStatus;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.imgate.proxy.msn.gateway.GatewayRequest;
import org.imgate.proxy.msn.gateway.GatewayRequestException;
import org.imgate.proxy.msn.gateway.GatewayResponse;
import org.imgate.proxy.msn.gateway.HttpRequestReader;
import org.imgate.proxy.msn.gateway.HttpResponseWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the MSN gateway on a MINA acceptor: reads requests with a bounded
 * {@link HttpRequestReader} per connection, hands each to the {@link MsnGateway} and writes its response
 * (HTTP/1.1, keep-alive unless the client asks otherwise). Requests on one connection are answered in
 * order, one at a time. A connection that sends something that is not HTTP, or breaks a bound, gets a 400
 * (or 411/413/431) naming the fault and is closed; other connections and their sessions are untouched.
 * Connections idle for {@code idleSeconds} are closed. Nothing blocks the I/O threads.
 *
 * <p>Thread-safe.
 */
final class GatewayListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayListener.class);
    private static final AttributeKey STATE = new AttributeKey(GatewayListener.class, "state");
    private static final int MAX_HEADER_BYTES = 16 * 1024;

    /** One connection's reader and the requests waiting for their turn. Guarded by itself. */
    private static final class Connection {
        final HttpRequestReader reader;
        final Deque<GatewayRequest> waiting = new ArrayDeque<>();
        boolean serving;
        /** The fault that ended this connection's framing; answered once the requests before it are. */
        GatewayRequestException broken;

        Connection(HttpRequestReader reader) {
            this.reader = reader;
        }
    }

    private final NioSocketAcceptor acceptor = new NioSocketAcceptor();
    private final MsnGateway gateway;
    private final int maxBodyBytes;

    GatewayListener(MsnGateway gateway, int maxBodyBytes, int idleSeconds) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.maxBodyBytes = maxBodyBytes;
        acceptor.setReuseAddress(true);
        acceptor.getSessionConfig().setTcpNoDelay(true);
        acceptor.getSessionConfig().setIdleTime(IdleStatus.BOTH_IDLE, idleSeconds);
        acceptor.setHandler(new Handler());
    }

    InetSocketAddress bind(InetSocketAddress address) throws IOException {
        acceptor.bind(address);
        InetSocketAddress bound = acceptor.getLocalAddress();
        LOG.info("MSN HTTP gateway listening on {}", bound);
        return bound;
    }

    @Override
    public void close() {
        acceptor.unbind();
        acceptor.getManagedSessions().values().forEach(IoSession::closeNow);
        acceptor.dispose(true);
    }

    private final class Handler extends IoHandlerAdapter {

        @Override
        public void sessionCreated(IoSession session) {
            session.setAttribute(STATE, new Connection(new HttpRequestReader(MAX_HEADER_BYTES, maxBodyBytes)));
        }

        @Override
        public void messageReceived(IoSession session, Object message) {
            Connection connection = (Connection) session.getAttribute(STATE);
            IoBuffer buffer = (IoBuffer) message;
            byte[] data = new byte[buffer.remaining()];
            buffer.get(data);
            synchronized (connection) {
                if (connection.broken != null) {
                    return;
                }
                try {
                    List<GatewayRequest> requests = connection.reader.feed(data);
                    connection.waiting.addAll(requests);
                } catch (GatewayRequestException e) {
                    connection.broken = e;
                    LOG.info("MSN gateway connection from {} closed: {} ({})", session.getRemoteAddress(),
                            e.getMessage(), e.status());
                }
            }
            serveNext(session, connection);
        }

        private void serveNext(IoSession session, Connection connection) {
            GatewayRequest next;
            synchronized (connection) {
                if (connection.serving) {
                    return;
                }
                if (connection.waiting.isEmpty()) {
                    if (connection.broken != null) {
                        GatewayRequestException e = connection.broken;
                        session.write(IoBuffer.wrap(HttpResponseWriter.encode(
                                HttpResponseWriter.error(e.status(), e.getMessage()), true)));
                        session.closeOnFlush();
                    }
                    return;
                }
                connection.serving = true;
                next = connection.waiting.pollFirst();
            }
            boolean close = "close".equalsIgnoreCase(next.header("Connection"));
            gateway.serve(next, String.valueOf(session.getRemoteAddress()), response -> {
                respond(session, connection, response, close);
            });
        }

        private void respond(IoSession session, Connection connection, GatewayResponse response, boolean close) {
            session.write(IoBuffer.wrap(HttpResponseWriter.encode(response, close)));
            if (close) {
                session.closeOnFlush();
                return;
            }
            synchronized (connection) {
                connection.serving = false;
            }
            serveNext(session, connection);
        }

        @Override
        public void sessionIdle(IoSession session, IdleStatus status) {
            session.closeNow();
        }

        @Override
        public void exceptionCaught(IoSession session, Throwable cause) {
            LOG.info("MSN gateway connection from {} failed: {}", session.getRemoteAddress(), cause.toString());
            session.closeNow();
        }
    }
}
