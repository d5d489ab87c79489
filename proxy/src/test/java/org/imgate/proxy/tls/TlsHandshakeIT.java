package org.imgate.proxy.tls;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real TLS handshakes over 127.0.0.1 between SunJSSE sockets using the proxy's contexts. */
class TlsHandshakeIT {

    @TempDir
    Path tmp;

    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private EnterpriseCa ca;
    private ServerTls serverTls;

    @BeforeEach
    void setUp() throws Exception {
        ca = EnterpriseCa.init(tmp.resolve("keys"), "Test Enterprise CA", Clock.systemUTC());
        serverTls = new ServerTls(new LeafCertificates(ca, Clock.systemUTC()), d -> d.endsWith("example.test"));
    }

    @AfterEach
    void tearDown() throws Exception {
        serverThreads.shutdownNow();
        assertTrue(serverThreads.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    void desktopTrustingOnlyTheEnterpriseCaAcceptsTheLeafForItsDomain() throws Exception {
        try (EchoServer server = new EchoServer(serverTls.contextFor("example.test"))) {
            X509Certificate[] chain = handshakeAndEcho(ClientTrust.trusting(ca.certificate()), server.port(), "example.test");
            assertTrue(chain[0].getSubjectAlternativeNames().contains(List.of(2, "example.test")));
            assertEquals(ca.certificate(), chain[1]);
        }
    }

    @Test
    void sniNamingAnotherServedDomainGetsThatDomainsLeaf() throws Exception {
        try (EchoServer server = new EchoServer(serverTls.contextFor("example.test"))) {
            X509Certificate[] chain = handshakeAndEcho(ClientTrust.trusting(ca.certificate()), server.port(),
                    "conference.example.test");
            assertTrue(chain[0].getSubjectAlternativeNames().contains(List.of(2, "conference.example.test")));
        }
    }

    @Test
    void clientCheckingAnUnservedHostNameRefusesTheLeaf() throws Exception {
        try (EchoServer server = new EchoServer(serverTls.contextFor("example.test"))) {
            assertThrows(SSLHandshakeException.class,
                    () -> handshakeAndEcho(ClientTrust.trusting(ca.certificate()), server.port(), "intruder.test"));
        }
        assertThrows(IllegalArgumentException.class, () -> serverTls.contextFor("intruder.test"));
    }

    @Test
    void upstreamWithCertificateFromUnknownCaIsRefused() throws Exception {
        try (EchoServer server = new EchoServer(otherServerContext())) {
            UpstreamTls upstream = UpstreamTls.create(List.of());
            assertThrows(SSLHandshakeException.class,
                    () -> handshakeAndEcho(upstream.context(), upstream.parametersFor("example.test"), server.port(),
                            "example.test"));
        }
    }

    @Test
    void upstreamTrustsExtraPemAnchorButStillChecksTheHostName() throws Exception {
        UpstreamSetUp setUp = upstreamWithItsOwnCa();
        UpstreamTls upstream = setUp.client();

        try (EchoServer server = new EchoServer(setUp.server().contextFor("example.test"))) {
            X509Certificate[] chain = handshakeAndEcho(upstream.context(), upstream.parametersFor("example.test"),
                    server.port(), "example.test");
            assertEquals(setUp.ca().certificate(), chain[1]);
        }
        try (EchoServer server = new EchoServer(setUp.server().contextFor("example.test"))) {
            // The real server presents example.test, but the proxy was sent to other.test: refuse.
            assertThrows(SSLHandshakeException.class,
                    () -> handshakeAndEcho(upstream.context(), upstream.parametersFor("other.test"), server.port(),
                            "other.test"));
        }
    }

    @Test
    void upstreamLegsNeverResumeSoNoIdleLegHoldsTicketsOrLaterLegsSessions() throws Exception {
        UpstreamSetUp setUp = upstreamWithItsOwnCa();
        EnterpriseCa otherCa = setUp.ca();
        ServerTls upstreamServer = setUp.server();
        UpstreamTls upstream = setUp.client();
        SSLContext plainClient = ClientTrust.trusting(otherCa.certificate());
        SSLParameters plainParameters = plainClient.getDefaultSSLParameters();
        plainParameters.setServerNames(List.of(new SNIHostName("example.test")));

        try (EchoServer server = new EchoServer(upstreamServer.contextFor("example.test"))) {
            // A resumed TLS 1.3 session carries the creation time of the session its ticket came from.
            long first = handshake(plainClient, plainParameters, server.port(), "example.test").getCreationTime();
            Thread.sleep(20);
            assertEquals(first, handshake(plainClient, plainParameters, server.port(), "example.test")
                    .getCreationTime(), "this server's tickets let a default SunJSSE client resume");

            long upstreamFirst = handshake(upstream.context(), upstream.parametersFor("example.test"), server.port(),
                    "example.test").getCreationTime();
            Thread.sleep(20);
            SSLSession second = handshake(upstream.context(), upstream.parametersFor("example.test"), server.port(),
                    "example.test");
            assertTrue(second.getCreationTime() > upstreamFirst, "the upstream leg did a full handshake again");
            assertEquals(otherCa.certificate(), second.getPeerCertificates()[1], "and checked the chain again");
        }
    }

    @Test
    void anchorFileWithoutCertificateIsNamed() throws Exception {
        Path empty = tmp.resolve("empty.pem");
        Files.writeString(empty, "not a certificate\n");
        CaException e = assertThrows(CaException.class, () -> UpstreamTls.create(List.of(empty)));
        assertTrue(e.getMessage().contains("empty.pem"), e.getMessage());
    }

    /** A real server's TLS (leaves from its own CA) and imgate's upstream side trusting that CA as extra anchor. */
    private record UpstreamSetUp(EnterpriseCa ca, ServerTls server, UpstreamTls client) {
    }

    private UpstreamSetUp upstreamWithItsOwnCa() throws Exception {
        EnterpriseCa otherCa = EnterpriseCa.init(tmp.resolve("upstream-ca"), "Upstream CA", Clock.systemUTC());
        ServerTls upstreamServer = new ServerTls(new LeafCertificates(otherCa, Clock.systemUTC()),
                d -> d.equals("example.test"));
        Path anchor = tmp.resolve("upstream-ca.pem");
        Files.writeString(anchor, otherCa.certificatePem());
        return new UpstreamSetUp(otherCa, upstreamServer, UpstreamTls.create(List.of(anchor)));
    }

    private SSLContext otherServerContext() throws Exception {
        EnterpriseCa stranger = EnterpriseCa.init(tmp.resolve("stranger"), "Stranger CA", Clock.systemUTC());
        return new ServerTls(new LeafCertificates(stranger, Clock.systemUTC()), d -> true).contextFor("example.test");
    }

    private static X509Certificate[] handshakeAndEcho(SSLContext context, int port, String host) throws Exception {
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setServerNames(List.of(new SNIHostName(host)));
        return handshakeAndEcho(context, parameters, port, host);
    }

    private static X509Certificate[] handshakeAndEcho(SSLContext context, SSLParameters parameters, int port,
                                                      String host) throws Exception {
        return (X509Certificate[]) handshake(context, parameters, port, host).getPeerCertificates();
    }

    /** Handshakes, echoes a byte (so that post-handshake tickets are read) and returns the session. */
    private static SSLSession handshake(SSLContext context, SSLParameters parameters, int port, String host)
            throws Exception {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            plain.setSoTimeout(5000);
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true)) {
                tls.setSSLParameters(parameters);
                tls.startHandshake();
                tls.getOutputStream().write('x');
                tls.getOutputStream().flush();
                assertEquals('x', tls.getInputStream().read(), "the echo came back through TLS");
                return tls.getSession();
            }
        }
    }

    /** Accepts TLS connections on 127.0.0.1 and echoes one byte on each. */
    private final class EchoServer implements AutoCloseable {
        private final SSLServerSocket socket;
        private final Future<?> loop;

        EchoServer(SSLContext context) throws IOException {
            socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 5,
                    InetAddress.getLoopbackAddress());
            loop = serverThreads.submit(this::serve);
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    client.setSoTimeout(5000);
                    int b = client.getInputStream().read();
                    client.getOutputStream().write(b);
                    client.getOutputStream().flush();
                } catch (IOException handshakeRefusedOrClosed) {
                    // The client side of each test asserts the outcome; the server just moves on.
                }
            }
        }

        @Override
        public void close() throws Exception {
            socket.close();
            loop.get(5, TimeUnit.SECONDS);
        }
    }
}
