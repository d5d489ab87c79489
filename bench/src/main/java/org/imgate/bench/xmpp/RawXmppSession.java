package org.imgate.bench.xmpp;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lean XMPP client session on a plain socket for load generation: STARTTLS (TLS 1.3, the server
 * certificate checked against the XMPP domain), SASL PLAIN, resource binding and initial presence,
 * then raw message stanzas. It scans the incoming text for whole {@code <message>} stanzas instead of
 * parsing XML, which is enough for the bench's own traffic and keeps the client off the critical path
 * of the throughput it measures. It answers XEP-0092 version queries (imgate asks every client).
 *
 * <p>Not thread-safe for sending; one thread reads ({@link #readMessages}) while one other sends.
 */
final class RawXmppSession implements AutoCloseable {

    private static final Pattern BODY = Pattern.compile("<body>([^<]*)</body>");
    private static final Pattern IQ_GET = Pattern.compile("<iq[^>]*type=['\"]get['\"][^>]*>");
    private static final Pattern ATTR_ID = Pattern.compile("\\sid=['\"]([^'\"]*)['\"]");
    private static final Pattern ATTR_FROM = Pattern.compile("\\sfrom=['\"]([^'\"]*)['\"]");

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String fullJid;
    private final StringBuilder pending = new StringBuilder();
    private final byte[] buffer = new byte[16384];

    private RawXmppSession(Socket socket, InputStream in, OutputStream out, String fullJid, String leftover) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.fullJid = fullJid;
        pending.append(leftover);
    }

    /** Connects and logs in; throws naming the target and user when any step fails. */
    static RawXmppSession login(InetSocketAddress target, String domain, SSLContext tls, String user,
                                String password, String resource) throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(target, 5000);
            plain.setSoTimeout(10000);
            plain.setTcpNoDelay(true);
            Handshake h = new Handshake(plain.getInputStream(), plain.getOutputStream(), target, user);
            h.send(streamHeader(domain));
            h.readUntil("</stream:features>");
            h.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
            h.readUntil("<proceed");
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(plain, domain, target.getPort(), true);
            SSLParameters params = secure.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            params.setServerNames(List.of(new SNIHostName(domain)));
            params.setProtocols(new String[] {"TLSv1.3"});
            secure.setSSLParameters(params);
            secure.startHandshake();
            h = new Handshake(secure.getInputStream(), secure.getOutputStream(), target, user);
            h.send(streamHeader(domain));
            h.readUntil("</stream:features>");
            String plainAuth = Base64.getEncoder().encodeToString(
                    ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
            h.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plainAuth + "</auth>");
            String answer = h.readUntilAny("<success", "<failure");
            if (answer.contains("<failure")) {
                throw new IOException(user + "@" + domain + " via " + target + ": SASL PLAIN refused");
            }
            h.send(streamHeader(domain));
            h.readUntil("</stream:features>");
            h.send("<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + resource
                    + "</resource></bind></iq>");
            String bound = h.readUntil("</jid>");
            String jid = bound.substring(bound.indexOf("<jid>") + 5, bound.indexOf("</jid>"));
            h.send("<presence/>");
            secure.setSoTimeout(0);
            return new RawXmppSession(secure, secure.getInputStream(), secure.getOutputStream(), jid, h.rest());
        } catch (IOException | RuntimeException e) {
            plain.close();
            if (e.getMessage() != null && e.getMessage().contains(target.toString())) {
                throw e;
            }
            throw new IOException("login of " + user + "@" + domain + " via " + target + " failed: " + e, e);
        }
    }

    String fullJid() {
        return fullJid;
    }

    /**
     * Sends one chat message whose body is {@code text} (plain ASCII, nothing to escape); the body doubles
     * as the stanza id, as unique per sender as real clients' ids are.
     */
    void sendMessage(String toFullJid, String text) throws IOException {
        out.write(("<message to='" + toFullJid + "' id='" + text + "' type='chat'><body>" + text
                + "</body></message>").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads until the stream ends, handing each message body to {@code bodies}. */
    void readMessages(Consumer<String> bodies) throws IOException {
        while (true) {
            drain(bodies);
            int n = in.read(buffer);
            if (n < 0) {
                return;
            }
            pending.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
    }

    private void drain(Consumer<String> bodies) throws IOException {
        while (true) {
            Matcher iq = IQ_GET.matcher(pending);
            int messageEnd = pending.indexOf("</message>");
            if (iq.find() && (messageEnd < 0 || iq.start() < messageEnd)) {
                int iqEnd = pending.indexOf("</iq>", iq.end());
                int selfClosed = iq.group().endsWith("/>") ? iq.end() : -1;
                int end = selfClosed >= 0 ? selfClosed : iqEnd < 0 ? -1 : iqEnd + 5;
                if (end < 0) {
                    return;
                }
                answerIq(iq.group(), pending.substring(iq.start(), end));
                pending.delete(0, end);
                continue;
            }
            if (messageEnd < 0) {
                if (pending.length() > 1 << 20) {
                    pending.setLength(0);
                }
                return;
            }
            Matcher body = BODY.matcher(pending.substring(0, messageEnd));
            if (body.find()) {
                bodies.accept(body.group(1));
            }
            pending.delete(0, messageEnd + "</message>".length());
        }
    }

    private void answerIq(String startTag, String stanza) throws IOException {
        Matcher id = ATTR_ID.matcher(startTag);
        Matcher from = ATTR_FROM.matcher(startTag);
        String to = from.find() ? " to='" + from.group(1) + "'" : "";
        String idAttr = id.find() ? id.group(1) : "";
        String reply = stanza.contains("jabber:iq:version")
                ? "<iq type='result' id='" + idAttr + "'" + to
                    + "><query xmlns='jabber:iq:version'><name>imgate-xmpp-load</name><version>0.1</version></query></iq>"
                : "<iq type='error' id='" + idAttr + "'" + to + "><error type='cancel'><service-unavailable"
                    + " xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>";
        synchronized (out) {
            out.write(reply.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    @Override
    public void close() {
        try {
            synchronized (out) {
                out.write("</stream:stream>".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException ignored) {
            // the server may have closed first; the socket is closed below either way
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    private static String streamHeader(String domain) {
        return "<?xml version='1.0'?><stream:stream to='" + domain + "' version='1.0' xml:lang='en'"
                + " xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";
    }

    /** Blocking request/answer steps of the login, before the session reads on its own. */
    private static final class Handshake {
        private final InputStream in;
        private final OutputStream out;
        private final InetSocketAddress target;
        private final String user;
        private final StringBuilder seen = new StringBuilder();

        Handshake(InputStream in, OutputStream out, InetSocketAddress target, String user) {
            this.in = in;
            this.out = out;
            this.target = target;
            this.user = user;
        }

        void send(String xml) throws IOException {
            out.write(xml.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String readUntil(String marker) throws IOException {
            return readUntilAny(marker, marker);
        }

        /** Everything up to and including the first marker's stanza end; later bytes stay for the next step. */
        String readUntilAny(String first, String second) throws IOException {
            byte[] b = new byte[4096];
            while (true) {
                int at = indexOfEither(first, second);
                if (at >= 0) {
                    int end = seen.indexOf(">", at);
                    if (end >= 0) {
                        String upTo = seen.substring(0, end + 1);
                        seen.delete(0, end + 1);
                        return upTo;
                    }
                }
                if (seen.indexOf("<stream:error") >= 0 && seen.indexOf("</stream:error>") >= 0) {
                    throw new IOException(user + " via " + target + ": stream error " + seen);
                }
                int n = in.read(b);
                if (n < 0) {
                    throw new IOException(user + " via " + target + ": stream closed while waiting for " + first
                            + " after: " + seen);
                }
                seen.append(new String(b, 0, n, StandardCharsets.UTF_8));
            }
        }

        private int indexOfEither(String first, String second) {
            int a = seen.indexOf(first);
            int b = seen.indexOf(second);
            return a < 0 ? b : b < 0 ? a : Math.min(a, b);
        }

        String rest() {
            return seen.toString();
        }
    }
}
