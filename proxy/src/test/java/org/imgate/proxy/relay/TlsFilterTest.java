package org.imgate.proxy.relay;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.ConnectFuture;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.FilterEvent;
import org.apache.mina.filter.ssl.SslEvent;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.apache.mina.transport.socket.nio.NioSocketConnector;
import org.imgate.proxy.tls.ClientTrust;
import org.imgate.proxy.tls.EnterpriseCa;
import org.imgate.proxy.tls.LeafCertificates;
import org.imgate.proxy.tls.ServerTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TlsFilter} on real loopback sockets against the JDK's own TLS sockets as peers: STARTTLS's last
 * clear-text answer, data larger than a record both ways, writes made before the handshake finished,
 * a peer that is not speaking TLS, and a server certificate the client does not trust.
 */
class TlsFilterTest {

    private static final String DOMAIN = "example.test";
    private static final byte[] PROCEED = "<proceed/>".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private EnterpriseCa ca;
    private SSLContext serverContext;
    private NioSocketAcceptor acceptor;
    private NioSocketConnector connector;
    private final Recorder server = new Recorder();

    @BeforeEach
    void setUp() throws Exception {
        ca = EnterpriseCa.init(dir.resolve("ca"), "test CA", Clock.systemUTC());
        serverContext = new ServerTls(new LeafCertificates(ca, Clock.systemUTC()), DOMAIN::equals).contextFor(DOMAIN);
    }

    @AfterEach
    void tearDown() {
        if (acceptor != null) {
            acceptor.dispose(true);
        }
        if (connector != null) {
            connector.dispose(true);
        }
    }

    @Test
    void theLastClearTextAnswerGoesOutPlainAndEverythingAfterItEncryptedBothWays() throws Exception {
        server.onReceived = (session, bytes) -> session.write(IoBuffer.wrap(bytes)); // echo
        int port = listen();
        byte[] payload = new byte[100_000]; // several TLS records, read in many pieces
        new Random(7).nextBytes(payload);

        try (Socket plain = new Socket("127.0.0.1", port)) {
            assertArrayEquals(PROCEED, plain.getInputStream().readNBytes(PROCEED.length));
            try (SSLSocket tls = clientSocket(plain, ClientTrust.trusting(ca.certificate()))) {
                tls.startHandshake();
                OutputStream out = tls.getOutputStream();
                out.write(payload);
                out.flush();
                byte[] echoed = tls.getInputStream().readNBytes(payload.length);
                assertArrayEquals(payload, echoed, "the echo came back byte for byte");
                assertEquals("TLSv1.3", tls.getSession().getProtocol());
            }
        }
        assertArrayEquals(payload, server.received.toByteArray(), "the server's handler got the plain text");
        assertEquals(1, server.secured.size(), "SECURED is announced once");
    }

    @Test
    void writesMadeBeforeTheHandshakeFinishedAreSentAfterItInOrder() throws Exception {
        server.onOpened = session -> {
            for (int i = 0; i < 50; i++) {
                session.write(IoBuffer.wrap(("line " + i + "\n").getBytes(StandardCharsets.UTF_8)));
            }
        };
        int port = listen();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            expected.append("line ").append(i).append('\n');
        }

        try (Socket plain = new Socket("127.0.0.1", port)) {
            plain.getInputStream().readNBytes(PROCEED.length);
            try (SSLSocket tls = clientSocket(plain, ClientTrust.trusting(ca.certificate()))) {
                byte[] lines = tls.getInputStream().readNBytes(expected.length());
                assertEquals(expected.toString(), new String(lines, StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void writersOnSeveralThreadsWhileThePeerSendsLoseAndReorderNothing() throws Exception {
        int writers = 4;
        int lines = 500;
        // As in the relay: the journal's threads and the I/O thread write to one session while it reads.
        server.onOpened = session -> {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < lines; i++) {
                        session.write(IoBuffer.wrap(("w" + writer + ":" + i + "\n").getBytes(StandardCharsets.UTF_8)));
                    }
                }, "writer-" + w);
                thread.start();
            }
        };
        int port = listen();
        byte[] upload = new byte[200_000];
        new Random(11).nextBytes(upload);

        try (Socket plain = new Socket("127.0.0.1", port)) {
            plain.getInputStream().readNBytes(PROCEED.length);
            try (SSLSocket tls = clientSocket(plain, ClientTrust.trusting(ca.certificate()))) {
                tls.startHandshake();
                CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                    try {
                        for (int off = 0; off < upload.length; off += 1_000) {
                            tls.getOutputStream().write(upload, off, 1_000);
                        }
                        tls.getOutputStream().flush();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                java.io.BufferedReader in = new java.io.BufferedReader(
                        new java.io.InputStreamReader(tls.getInputStream(), StandardCharsets.UTF_8));
                int[] next = new int[writers];
                for (int n = 0; n < writers * lines; n++) {
                    String line = in.readLine();
                    int colon = line.indexOf(':');
                    int writer = Integer.parseInt(line.substring(1, colon));
                    assertEquals(next[writer]++, Integer.parseInt(line.substring(colon + 1)),
                            "writer " + writer + "'s lines arrived out of order");
                }
                sending.get(10, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (server.receivedSize() < upload.length && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            }
        }
        assertArrayEquals(upload, server.received.toByteArray(), "what the peer sent meanwhile arrived intact");
    }

    @Test
    void aPeerThatDoesNotSpeakTlsGetsTheErrorReportedAndItsSessionClosed() throws Exception {
        int port = listen();
        try (Socket plain = new Socket("127.0.0.1", port)) {
            plain.setSoTimeout(10_000);
            InputStream in = plain.getInputStream();
            in.readNBytes(PROCEED.length);
            plain.getOutputStream().write("<stream:stream to='example.test'>".getBytes(StandardCharsets.UTF_8));
            Throwable failure = server.failure.get(10, TimeUnit.SECONDS);
            assertInstanceOf(SSLException.class, failure, "the handler learns it was TLS that failed");
            byte[] rest = in.readAllBytes(); // at most a TLS alert, then the end of the stream
            assertTrue(rest.length < 64, "nothing but an alert before the close: " + rest.length + " bytes");
        }
        assertEquals(0, server.received.size(), "no clear text reached the handler");
    }

    @Test
    void aClientEndThatDistrustsTheServerReportsTheHandshakeFailure() throws Exception {
        EnterpriseCa stranger = EnterpriseCa.init(dir.resolve("stranger"), "another CA", Clock.systemUTC());
        SSLContext distrusting = ClientTrust.trusting(stranger.certificate());
        try (SSLServerSocket tlsServer = (SSLServerSocket) serverContext.getServerSocketFactory().createServerSocket(0)) {
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (Socket peer = tlsServer.accept()) {
                    ((SSLSocket) peer).startHandshake();
                } catch (Exception expected) {
                    // the client aborts the handshake
                }
            });
            Recorder client = new Recorder();
            client.onOpened = session -> StartTls.secure(session, new TlsFilter(() -> {
                SSLEngine engine = distrusting.createSSLEngine(DOMAIN, tlsServer.getLocalPort());
                engine.setUseClientMode(true);
                return engine;
            }), null);
            connector = new NioSocketConnector();
            connector.setHandler(client);
            ConnectFuture connect = connector.connect(new InetSocketAddress("127.0.0.1", tlsServer.getLocalPort()));
            connect.awaitUninterruptibly(10_000);

            Throwable failure = client.failure.get(10, TimeUnit.SECONDS);
            assertInstanceOf(SSLException.class, failure);
            assertTrue(String.valueOf(failure.getMessage()).contains("PKIX")
                            || String.valueOf(failure.getCause()).contains("PKIX"),
                    "the reason names the certificate path: " + failure);
            assertEquals(0, client.secured.size(), "never announced as secured");
            accepted.get(10, TimeUnit.SECONDS);
        }
    }

    private int listen() throws Exception {
        server.onOpened = server.onOpened == null ? session -> { } : server.onOpened;
        Consumer<IoSession> afterTls = server.onOpened;
        server.onOpened = session -> {
            StartTls.secure(session, new TlsFilter(() -> {
                SSLEngine engine = serverContext.createSSLEngine();
                engine.setUseClientMode(false);
                return engine;
            }), PROCEED);
            afterTls.accept(session);
        };
        acceptor = new NioSocketAcceptor();
        acceptor.setHandler(server);
        acceptor.bind(new InetSocketAddress("127.0.0.1", 0));
        return acceptor.getLocalAddress().getPort();
    }

    private static SSLSocket clientSocket(Socket plain, SSLContext context) throws Exception {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, DOMAIN, plain.getPort(), false);
        tls.setUseClientMode(true);
        tls.setSoTimeout(10_000);
        return tls;
    }

    /** A handler that records what reaches it, closing its session on any failure as the relay does. */
    private static final class Recorder extends IoHandlerAdapter {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CopyOnWriteArrayList<FilterEvent> secured = new CopyOnWriteArrayList<>();
        final CompletableFuture<Throwable> failure = new CompletableFuture<>();
        volatile Consumer<IoSession> onOpened;
        volatile java.util.function.BiConsumer<IoSession, byte[]> onReceived = (session, bytes) -> { };

        int receivedSize() {
            synchronized (received) {
                return received.size();
            }
        }

        @Override
        public void sessionOpened(IoSession session) {
            if (onOpened != null) {
                onOpened.accept(session);
            }
        }

        @Override
        public void messageReceived(IoSession session, Object message) {
            IoBuffer buffer = (IoBuffer) message;
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            synchronized (received) {
                received.writeBytes(bytes);
            }
            onReceived.accept(session, bytes);
        }

        @Override
        public void event(IoSession session, FilterEvent event) {
            if (event == SslEvent.SECURED) {
                secured.add(event);
            }
        }

        @Override
        public void exceptionCaught(IoSession session, Throwable cause) {
            failure.complete(cause);
            session.closeNow();
        }
    }
}
