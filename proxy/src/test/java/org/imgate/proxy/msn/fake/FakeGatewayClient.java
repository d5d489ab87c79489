package org.imgate.proxy.msn.fake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.imgate.core.HostPort;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.codec.MsnDecoder;
import org.imgate.proxy.msn.codec.MsnLimits;
import org.imgate.proxy.msn.codec.MsnProtocolException;
import org.imgate.proxy.msn.gateway.MessengerHeader;

/**
 * A scripted MSN client that speaks through an HTTP gateway the way MSN Messenger does behind a firewall
 * (msnp.md §1 "HTTP gateway"): {@code Action=open} with the first commands, then {@code ?SessionID=} with
 * more, {@code Action=poll} while waiting, each over one keep-alive HTTP/1.1 connection written by hand.
 * Every reply must carry {@code X-MSN-Messenger} with the session id and a GW-IP naming the gateway the
 * client talks to. It answers {@code CHL} by itself. Not thread-safe; one test thread drives it.
 */
public final class FakeGatewayClient implements MsnTestClient {

    private static final int TIMEOUT_MILLIS = 5000;

    /** One HTTP response as read off the wire. */
    public record HttpReply(int status, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HostPort gateway;
    private final String server;
    private final String ip;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final MsnDecoder decoder;
    private final Deque<MsnCommand> unread = new ArrayDeque<>();
    private final List<String> sessionIds = new ArrayList<>();
    private int protocolVersion;
    private int nextTrId = 1;
    private String sessionId;
    private boolean closed;

    private FakeGatewayClient(HostPort gateway, String server, String ip, int protocolVersion) throws IOException {
        this.gateway = gateway;
        this.server = server;
        this.ip = ip;
        this.protocolVersion = protocolVersion;
        this.socket = new Socket(gateway.host(), gateway.port());
        socket.setSoTimeout(TIMEOUT_MILLIS);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.decoder = new MsnDecoder(org.imgate.proxy.msn.codec.Origin.SERVER, MsnLimits.DEFAULT, protocolVersion);
    }

    /** A client whose first command opens a session with {@code Server=server&IP=ip}. */
    public static FakeGatewayClient opening(HostPort gateway, String server, String ip, int protocolVersion)
            throws IOException {
        return new FakeGatewayClient(gateway, server, ip, protocolVersion);
    }

    /**
     * Signs in through the gateway like MSN Messenger behind a firewall: VER/CVR/USR with
     * {@code IP=messenger.hotmail.com}, then a new gateway session with the notification server the
     * {@code XFR} names, then the ticket.
     */
    public static FakeGatewayClient login(HostPort gateway, String handle, String ticket, String verList, String cvr)
            throws IOException, MsnProtocolException {
        String ns;
        int trId;
        try (FakeGatewayClient ds = opening(gateway, "NS", "messenger.hotmail.com", 8)) {
            ds.command("VER", verList);
            ds.expect("VER");
            ds.command("CVR", cvr + " " + handle);
            ds.expect("CVR");
            ds.command("USR", "TWN I " + handle);
            ns = ds.expect("XFR").arg(1);
            trId = ds.nextTrId;
        }
        FakeGatewayClient client = opening(gateway, "NS", ns, 8);
        client.nextTrId = trId;
        client.command("VER", verList);
        client.protocolVersion = Integer.parseInt(client.expect("VER").arg(0).substring(4));
        client.decoder.protocolVersion(client.protocolVersion);
        client.command("CVR", cvr + " " + handle);
        client.expect("CVR");
        client.command("USR", "TWN I " + handle);
        client.expect("USR");
        client.command("USR", "TWN S " + ticket);
        if (!"OK".equals(client.expect("USR").arg(0))) {
            throw new IllegalStateException("login of " + handle + " refused");
        }
        return client;
    }

    public int protocolVersion() {
        return protocolVersion;
    }

    /** Sends {@code VERB trid args} in one request and returns the transaction id used. */
    @Override
    public int command(String verb, String args) throws IOException, MsnProtocolException {
        int trId = nextTrId++;
        send((verb + " " + trId + (args.isEmpty() ? "" : " " + args) + "\r\n").getBytes(StandardCharsets.UTF_8));
        return trId;
    }

    /** Sends a payload command {@code VERB trid args length} and the payload in one request. */
    @Override
    public int payloadCommand(String verb, String args, byte[] payload) throws IOException, MsnProtocolException {
        int trId = nextTrId++;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((verb + " " + trId + " " + args + " " + payload.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        b.writeBytes(payload);
        send(b.toByteArray());
        return trId;
    }

    /** Sends MSNP bytes: the open request when no session exists yet, else a send. */
    public void send(byte[] msnp) throws IOException, MsnProtocolException {
        String target = sessionId == null
                ? "/gateway/gateway.dll?Action=open&Server=" + server + "&IP=" + ip
                : "/gateway/gateway.dll?SessionID=" + sessionId;
        take(exchange(target, msnp));
    }

    /** Polls once; whatever arrives stays readable by {@link #expect(String)}. */
    public void poll() throws IOException, MsnProtocolException {
        if (sessionId == null) {
            throw new IllegalStateException("no gateway session to poll");
        }
        take(exchange("/gateway/gateway.dll?Action=poll&SessionID=" + sessionId, new byte[0]));
    }

    /** Polls until a command with {@code verb} arrives (answering CHL on the way) and returns it. */
    @Override
    public MsnCommand expect(String verb) throws IOException, MsnProtocolException {
        long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
        while (true) {
            for (var it = unread.iterator(); it.hasNext(); ) {
                MsnCommand c = it.next();
                if (c.verb().equals(verb)) {
                    it.remove();
                    return c;
                }
            }
            if (closed) {
                throw new IOException("the gateway closed the session before " + verb + " arrived");
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("no " + verb + " within " + TIMEOUT_MILLIS + " ms; unread: "
                        + unread.stream().map(MsnCommand::verb).toList());
            }
            poll();
        }
    }

    /** Whether nothing arrives while polling for {@code millis}; what does arrive stays readable. */
    public boolean silentFor(int millis) throws IOException, MsnProtocolException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (unread.isEmpty() && !closed && System.nanoTime() < deadline) {
            poll();
        }
        return unread.isEmpty();
    }

    /** Whether the gateway said {@code Session=close}, polling until it does or the timeout passes. */
    public boolean closedByServer() throws IOException, MsnProtocolException {
        long deadline = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
        while (!closed && System.nanoTime() < deadline) {
            poll();
        }
        return closed;
    }

    /** The session ids the gateway sent, one per reply. */
    public List<String> sessionIds() {
        return List.copyOf(sessionIds);
    }

    public String sessionId() {
        return sessionId;
    }

    /** Posts {@code body} to {@code target} over this client's connection and returns the raw reply. */
    public HttpReply exchange(String target, byte[] body) throws IOException {
        return exchange(out, in, gateway, target, body);
    }

    /** One request over any connection, written the way MSN Messenger writes it. */
    public static HttpReply exchange(OutputStream out, InputStream in, HostPort gateway, String target, byte[] body)
            throws IOException {
        String head = "POST http://" + gateway + target + " HTTP/1.1\r\n"
                + "Accept: */*\r\n"
                + "Content-Type: application/x-msn-messenger\r\n"
                + "User-Agent: MSMSGS\r\n"
                + "Host: " + gateway + "\r\n"
                + "Proxy-Connection: Keep-Alive\r\n"
                + "Connection: Keep-Alive\r\n"
                + "Pragma: no-cache\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        return read(in);
    }

    /** Reads one HTTP/1.1 response with a Content-Length body. */
    public static HttpReply read(InputStream in) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before a complete response");
            }
            headBytes.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = headBytes.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
            }
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("connection closed inside a response body");
        }
        return new HttpReply(status, headers, body);
    }

    private void take(HttpReply reply) throws IOException, MsnProtocolException {
        if (reply.status() != 200) {
            throw new IOException("gateway answered " + reply.status() + ": "
                    + new String(reply.body(), StandardCharsets.UTF_8).strip());
        }
        if (!"application/x-msn-messenger".equals(reply.header("Content-Type"))) {
            throw new IOException("gateway reply of type " + reply.header("Content-Type"));
        }
        MessengerHeader messenger = MessengerHeader.parse(reply.header("X-MSN-Messenger"));
        if (!gateway.toString().equals(messenger.gatewayIp())) {
            throw new IOException("GW-IP " + messenger.gatewayIp() + " does not name the gateway " + gateway);
        }
        sessionId = messenger.sessionId();
        sessionIds.add(sessionId);
        closed = messenger.closed();
        for (MsnCommand c : decoder.decode(reply.body())) {
            if (c.verb().equals("CHL")) {
                unread.add(c);
                payloadCommand("QRY", Challenge.productId(protocolVersion),
                        Challenge.answer(protocolVersion, c.arg(0)).getBytes(StandardCharsets.US_ASCII));
                continue;
            }
            unread.add(c);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
