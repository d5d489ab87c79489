package org.imgate.proxy.xmpp.it;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.iqversion.VersionManager;
import org.jxmpp.jid.impl.JidCreate;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Smack 4.4 client that reaches example.test through the proxy and trusts only the enterprise
 * CA, recording every message it receives and how its connection ended.
 */
public final class ChatClient implements AutoCloseable {

    static {
        // Smack 4.4 asserts that it never parses an extension it has no provider for; Prosody's MUC sends
        // XEP-0421 occupant-id, which it has none for. Production runs without -ea; so do Smack's classes here.
        XMPPTCPConnection.class.getClassLoader().setPackageAssertionStatus("org.jivesoftware.smack", false);
    }

    private final XMPPTCPConnection connection;
    private final BlockingQueue<Message> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Exception> closedOnError = new CompletableFuture<>();

    private ChatClient(XMPPTCPConnection connection) {
        this.connection = connection;
    }

    /** Builds a client; {@code software}/{@code version} answer XEP-0092 queries when not null. */
    public static ChatClient create(InetSocketAddress proxy, X509Certificate enterpriseCa, String user, String resource,
                             String software, String version) throws Exception {
        XMPPTCPConnectionConfiguration config = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(ProsodyServer.DOMAIN)
                .setHostAddress(InetAddress.getByName("127.0.0.1"))
                .setPort(proxy.getPort())
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(trusting(enterpriseCa))
                .setUsernameAndPassword(user, ProsodyServer.password(user))
                .setResource(resource)
                .setConnectTimeout(5000)
                .build();
        XMPPTCPConnection connection = new XMPPTCPConnection(config);
        connection.setUseStreamManagement(false);
        connection.setReplyTimeout(5000);
        ChatClient client = new ChatClient(connection);
        connection.addAsyncStanzaListener(s -> client.received.add((Message) s), StanzaTypeFilter.MESSAGE);
        connection.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                client.closedOnError.complete(e);
            }
        });
        if (software != null) {
            VersionManager.getInstanceFor(connection).setVersion(software, version);
        }
        return client;
    }

    public static ChatClient login(InetSocketAddress proxy, X509Certificate ca, String user, String resource)
            throws Exception {
        ChatClient client = create(proxy, ca, user, resource, null, null);
        client.connection.connect().login();
        return client;
    }

    public XMPPTCPConnection connection() {
        return connection;
    }

    public Message send(String toBareJid, Message.Type type, String body) throws Exception {
        Message message = connection.getStanzaFactory().buildMessageStanza()
                .to(JidCreate.from(toBareJid)).ofType(type).setBody(body).build();
        connection.sendStanza(message);
        return message;
    }

    /** The first received message matching {@code test} within {@code timeout}, or null. */
    public Message await(Predicate<Message> test, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            Message m = received.poll(left, TimeUnit.NANOSECONDS);
            if (m != null && test.test(m)) {
                return m;
            }
        }
    }

    public Message awaitBody(String body) throws InterruptedException {
        return await(m -> body.equals(m.getBody()), Duration.ofSeconds(10));
    }

    /** Every message received so far, without waiting. */
    java.util.List<Message> drained() {
        java.util.List<Message> out = new java.util.ArrayList<>();
        received.drainTo(out);
        return out;
    }

    public CompletableFuture<Exception> closedOnError() {
        return closedOnError;
    }

    @Override
    public void close() {
        if (connection.isConnected()) {
            connection.disconnect();
        }
    }

    private static X509TrustManager trusting(X509Certificate ca) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        store.setCertificateEntry("enterprise-ca", ca);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }
}
