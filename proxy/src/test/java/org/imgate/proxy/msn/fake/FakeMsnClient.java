package org.imgate.proxy.msn.fake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.imgate.core.HostPort;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.codec.MsnDecoder;
import org.imgate.proxy.msn.codec.MsnLimits;
import org.imgate.proxy.msn.codec.MsnProtocolException;
import org.imgate.proxy.msn.codec.Origin;

/**
 * A scripted MSN client for tests: one blocking connection, commands written as text, replies read
 * with imgate's decoder. It answers {@code CHL} by itself (as every real client must) and keeps both
 * byte streams so a test can replay them through the mapper. Login follows msnp.md §1: dispatch,
 * XFR to the notification server, Tweener with a ticket. Not thread-safe; one test thread drives it.
 */
public final class FakeMsnClient implements MsnTestClient {

    private static final int TIMEOUT_MILLIS = 5000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final MsnDecoder decoder;
    private final Deque<MsnCommand> unread = new ArrayDeque<>();
    private final List<Wire> wire = new ArrayList<>();
    private int protocolVersion;
    private int nextTrId = 1;

    private FakeMsnClient(HostPort address, int protocolVersion) throws IOException {
        this.socket = new Socket(address.host(), address.port());
        socket.setSoTimeout(TIMEOUT_MILLIS);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.protocolVersion = protocolVersion;
        this.decoder = new MsnDecoder(Origin.SERVER, MsnLimits.DEFAULT, protocolVersion);
    }

    public static FakeMsnClient connect(HostPort address, int protocolVersion) throws IOException {
        return new FakeMsnClient(address, protocolVersion);
    }

    /**
     * Signs in through the dispatch server like an official client: VER/CVR/USR at the dispatch, then
     * again at the notification server it names, then the ticket.
     *
     * @param verList the VER args, e.g. {@code MSNP10 MSNP9 CVR0}
     * @param cvr     CVR args before the email, e.g. {@code 0x0409 winnt 5.1 i386 MSNMSGR 6.2.0208 MSMSGS}
     */
    public static FakeMsnClient login(HostPort dispatch, String handle, String ticket, String verList, String cvr)
            throws IOException, MsnProtocolException {
        HostPort ns;
        int trId;
        try (FakeMsnClient ds = connect(dispatch, 8)) {
            ds.command("VER", verList);
            ds.expect("VER");
            ds.command("CVR", cvr + " " + handle);
            ds.expect("CVR");
            ds.command("USR", "TWN I " + handle);
            MsnCommand xfr = ds.expect("XFR");
            ns = HostPort.valueOf(xfr.arg(1));
            trId = ds.nextTrId;
        }
        FakeMsnClient client = connect(ns, 8);
        client.nextTrId = trId;
        client.command("VER", verList);
        MsnCommand ver = client.expect("VER");
        client.protocolVersion = Integer.parseInt(ver.arg(0).substring(4));
        client.command("CVR", cvr + " " + handle);
        client.expect("CVR");
        client.command("USR", "TWN I " + handle);
        client.expect("USR");
        client.command("USR", "TWN S " + ticket);
        MsnCommand ok = client.expect("USR");
        if (!"OK".equals(ok.arg(0))) {
            throw new IllegalStateException("login of " + handle + " refused");
        }
        return client;
    }

    public int protocolVersion() {
        return protocolVersion;
    }

    /** Sends {@code VERB trid args} and returns the transaction id used. */
    @Override
    public int command(String verb, String args) throws IOException {
        int trId = nextTrId++;
        writeRaw((verb + " " + trId + (args.isEmpty() ? "" : " " + args) + "\r\n").getBytes(StandardCharsets.UTF_8));
        return trId;
    }

    /** Sends a payload command {@code VERB trid args length} followed by the payload. */
    @Override
    public int payloadCommand(String verb, String args, byte[] payload) throws IOException {
        int trId = nextTrId++;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes((verb + " " + trId + " " + args + " " + payload.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        b.writeBytes(payload);
        writeRaw(b.toByteArray());
        return trId;
    }

    /** Sends a line without a transaction id (PNG, OUT). */
    public void line(String line) throws IOException {
        writeRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    public void writeRaw(byte[] bytes) throws IOException {
        wire.add(new Wire(Origin.CLIENT, bytes.clone()));
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads until a command with {@code verb} arrives and returns it; commands before it stay readable
     * by later calls. A {@code CHL} is answered on the way.
     */
    @Override
    public MsnCommand expect(String verb) throws IOException, MsnProtocolException {
        for (var it = unread.iterator(); it.hasNext(); ) {
            MsnCommand c = it.next();
            if (c.verb().equals(verb)) {
                it.remove();
                return c;
            }
        }
        while (true) {
            MsnCommand found = null;
            // One read can carry several commands (IRO and ANS often share a segment): keep every one
            // after the match for later calls instead of dropping it.
            for (MsnCommand c : read()) {
                if (found == null && c.verb().equals(verb)) {
                    found = c;
                } else {
                    unread.add(c);
                }
            }
            if (found != null) {
                return found;
            }
        }
    }

    /**
     * Whether nothing at all arrives within {@code millis}; whatever does arrive stays readable by
     * {@link #expect(String)}.
     */
    public boolean silentFor(int millis) throws IOException, MsnProtocolException {
        if (!unread.isEmpty()) {
            return false;
        }
        socket.setSoTimeout(millis);
        try {
            unread.addAll(read());
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(TIMEOUT_MILLIS);
        }
    }

    /** Whether the server closed the connection (reads until end of stream or timeout). */
    public boolean closedByServer() throws IOException {
        try {
            while (true) {
                byte[] buf = new byte[4096];
                int n = in.read(buf);
                if (n < 0) {
                    return true;
                }
                wire.add(new Wire(Origin.SERVER, java.util.Arrays.copyOf(buf, n)));
            }
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private List<MsnCommand> read() throws IOException, MsnProtocolException {
        byte[] buf = new byte[4096];
        int n = in.read(buf);
        if (n < 0) {
            throw new IOException("server closed the connection");
        }
        wire.add(new Wire(Origin.SERVER, java.util.Arrays.copyOf(buf, n)));
        List<MsnCommand> out = new ArrayList<>();
        for (MsnCommand c : decoder.decode(java.util.Arrays.copyOf(buf, n))) {
            if (c.verb().equals("CHL")) {
                payloadCommand("QRY", Challenge.productId(protocolVersion),
                        Challenge.answer(protocolVersion, c.arg(0)).getBytes(StandardCharsets.US_ASCII));
            }
            out.add(c);
        }
        return out;
    }

    /** One write or read on the wire, as this client saw it. */
    public record Wire(Origin origin, byte[] bytes) {
    }

    /** Everything sent and received, in the order it happened here: what a proxy in between would see. */
    public List<Wire> wireLog() {
        return List.copyOf(wire);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
