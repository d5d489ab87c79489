package org.imgate.proxy.tls;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that comes back resumes its TLS 1.3 session, and the resumed session on the proxy's side holds
 * the very certificate objects of the domain's leaf, not a copy decoded from a stateless ticket (about
 * 10 KB of heap per open connection). Engines talk through byte buffers in memory: no sockets.
 */
class ResumedSessionsTest {

    private static final String DOMAIN = "example.test";

    @TempDir
    Path keys;

    private LeafCertificates leaves;
    private SSLContext server;
    private SSLContext client;

    @BeforeEach
    void setUp() throws Exception {
        EnterpriseCa ca = EnterpriseCa.init(keys, "test CA", Clock.systemUTC());
        leaves = new LeafCertificates(ca, Clock.systemUTC());
        server = new ServerTls(leaves, DOMAIN::equals).contextFor(DOMAIN);
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", ca.certificate());
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(anchors);
        client = SSLContext.getInstance("TLSv1.3");
        client.init(null, trust.getTrustManagers(), null);
    }

    @Test
    void aResumedSessionSharesTheLeafChainInsteadOfDecodingACopy() throws Exception {
        handshake();
        SSLSession second = handshake(); // resumes the first (with stateless tickets this one held copies)

        assertEquals("TLSv1.3", second.getProtocol());
        Certificate[] chain = second.getLocalCertificates();
        assertEquals(2, chain.length);
        assertSame(leaves.forDomain(DOMAIN).certificate(), chain[0], "the leaf itself, not a decoded copy");
        assertSame(leaves.forDomain(DOMAIN).chain().get(1), chain[1], "the CA certificate itself");
    }

    @Test
    void theProxyStopsSunJsseFromIssuingStatelessTickets() {
        assertEquals("false", System.getProperty(ServerTls.STATELESS_TICKETS));
    }

    /** One in-memory TLS 1.3 connection, pumped until both sides are done; returns the server's session. */
    private SSLSession handshake() throws Exception {
        SSLEngine serverEngine = server.createSSLEngine();
        serverEngine.setUseClientMode(false);
        SSLEngine clientEngine = client.createSSLEngine(DOMAIN, 5222);
        clientEngine.setUseClientMode(true);
        int packet = Math.max(serverEngine.getSession().getPacketBufferSize(),
                clientEngine.getSession().getPacketBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(8 * packet);
        ByteBuffer toClient = ByteBuffer.allocate(8 * packet);
        ByteBuffer app = ByteBuffer.allocate(8 * packet);
        clientEngine.beginHandshake();
        serverEngine.beginHandshake();
        for (int round = 0; round < 50; round++) {
            step(clientEngine, toClient, toServer, app);
            step(serverEngine, toServer, toClient, app);
            if (done(clientEngine) && done(serverEngine) && toServer.position() == 0 && toClient.position() == 0
                    && round > 3) {
                return serverEngine.getSession();
            }
        }
        throw new AssertionError("the handshake did not finish: client " + clientEngine.getHandshakeStatus()
                + ", server " + serverEngine.getHandshakeStatus());
    }

    private static boolean done(SSLEngine engine) {
        return engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING;
    }

    /** Reads what the peer sent (including post-handshake tickets), then writes what this side has to say. */
    private static void step(SSLEngine engine, ByteBuffer in, ByteBuffer out, ByteBuffer app) throws Exception {
        in.flip();
        while (in.hasRemaining()) {
            int before = in.remaining();
            engine.unwrap(in, app);
            runTasks(engine);
            if (in.remaining() == before) {
                break;
            }
        }
        in.compact();
        for (int i = 0; i < 10; i++) {
            runTasks(engine);
            if (engine.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
                break;
            }
            engine.wrap(ByteBuffer.allocate(0), out);
        }
        app.clear();
        assertTrue(out.position() < out.capacity(), "buffers large enough");
    }

    private static void runTasks(SSLEngine engine) {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
        }
    }
}
