package org.imgate.bench.xmpp;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.iqversion.VersionManager;
import org.jxmpp.jid.impl.JidCreate;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A tiny command-line chat for trying imgate without a desktop client: logs the sender and the
 * recipient in through imgate (trusting only the enterprise CA, so a wrong certificate fails loudly),
 * sends one message and waits until the recipient has it.
 *
 * <p>Usage: {@code TrySend --ca FILE --from alice:PASSWORD --to bob:PASSWORD --text "hello"
 * [--domain example.test] [--host 127.0.0.1] [--port 5222]}. Exit code 0 when the message arrived,
 * 1 when it did not, 2 for a usage error. Passwords are never printed.
 */
public final class TrySend {

    static {
        // Smack asserts it has a provider for every extension; Prosody sends some it lacks (occupant-id).
        XMPPTCPConnection.class.getClassLoader().setPackageAssertionStatus("org.jivesoftware.smack", false);
    }

    private TrySend() {
    }

    public static void main(String[] args) throws Exception {
        String ca = null;
        String from = null;
        String to = null;
        String text = null;
        String domain = "example.test";
        String host = "127.0.0.1";
        int port = 5222;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--ca" -> ca = value;
                case "--from" -> from = value;
                case "--to" -> to = value;
                case "--text" -> text = value;
                case "--domain" -> domain = value;
                case "--host" -> host = value;
                case "--port" -> port = Integer.parseInt(value);
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        if (ca == null || from == null || to == null || text == null) {
            usage("--ca, --from, --to and --text are required");
        }
        String[] sender = credentials(from);
        String[] recipient = credentials(to);
        X509TrustManager trust = trusting(Path.of(ca));
        XMPPTCPConnection receiving = connect(domain, host, port, trust, recipient);
        BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
        receiving.addAsyncStanzaListener(s -> inbox.add((Message) s), StanzaTypeFilter.MESSAGE);
        XMPPTCPConnection sending = connect(domain, host, port, trust, sender);
        try {
            String toJid = recipient[0] + "@" + domain;
            Message message = sending.getStanzaFactory().buildMessageStanza()
                    .to(JidCreate.from(toJid)).ofType(Message.Type.chat).setBody(text).build();
            sending.sendStanza(message);
            System.out.printf("%s@%s -> %s: \"%s\" sent through %s:%d%n", sender[0], domain, toJid, text, host, port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                Message got = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (got != null && text.equals(got.getBody())) {
                    System.out.printf("%s received it from %s%n", toJid, got.getFrom());
                    return;
                }
            }
            System.err.printf("%s did not receive the message within 10 s (blocked by policy?)%n", toJid);
            System.exit(1);
        } finally {
            sending.disconnect();
            receiving.disconnect();
        }
    }

    private static XMPPTCPConnection connect(String domain, String host, int port, X509TrustManager trust,
                                             String[] user) throws Exception {
        XMPPTCPConnectionConfiguration config = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(domain)
                .setHostAddress(InetAddress.getByName(host))
                .setPort(port)
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(trust)
                .setUsernameAndPassword(user[0], user[1])
                .setResource("try")
                .setConnectTimeout(5000)
                .build();
        XMPPTCPConnection connection = new XMPPTCPConnection(config);
        connection.setUseStreamManagement(false);
        connection.setReplyTimeout(5000);
        // imgate asks every client its software version (XEP-0092) for rollout tracking; answer it.
        VersionManager.getInstanceFor(connection).setVersion("imgate TrySend", "0.1");
        try {
            connection.connect().login();
        } catch (Exception e) {
            connection.disconnect();
            throw new IllegalStateException("login of " + user[0] + "@" + domain + " through " + host + ":" + port
                    + " failed: " + e.getMessage(), e);
        }
        return connection;
    }

    private static String[] credentials(String userColonPassword) {
        int colon = userColonPassword.indexOf(':');
        if (colon <= 0 || colon == userColonPassword.length() - 1) {
            usage("expected USER:PASSWORD, got '" + userColonPassword.split(":", 2)[0] + ":...'");
        }
        return new String[] {userColonPassword.substring(0, colon), userColonPassword.substring(colon + 1)};
    }

    static X509TrustManager trusting(Path caPem) throws Exception {
        List<X509Certificate> anchors = new ArrayList<>();
        try (InputStream in = Files.newInputStream(caPem)) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            factory.generateCertificates(in).forEach(c -> anchors.add((X509Certificate) c));
        }
        if (anchors.isEmpty()) {
            throw new IllegalArgumentException(caPem + ": no PEM certificate in it");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < anchors.size(); i++) {
            store.setCertificateEntry("anchor-" + i, anchors.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    private static void usage(String problem) {
        System.err.println("TrySend: " + problem);
        System.err.println("usage: TrySend --ca FILE --from USER:PASSWORD --to USER:PASSWORD --text TEXT"
                + " [--domain example.test] [--host 127.0.0.1] [--port 5222]");
        System.exit(2);
    }
}
