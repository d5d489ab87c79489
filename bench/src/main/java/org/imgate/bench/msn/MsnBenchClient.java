package org.imgate.bench.msn;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One lean MSNP8 client connection (raw blocking socket, no parsing beyond {@link MsnWire}), written
 * for load: it logs in like MSN Messenger 5.0 (msnp.md §1: VER/CVR/{@code USR TWN I} at the dispatch,
 * again at the notification server named by {@code XFR NS}, the Tweener ticket, the {@code CHL}
 * answered, {@code CHG NLN}), opens and answers switchboard invitations, and sends {@code MSG}.
 *
 * <p>Not thread-safe, except that {@link #sendMessage} and {@link #read} may run on two different
 * threads (one writer, one reader) once the session is set up.
 */
final class MsnBenchClient implements AutoCloseable {

    /** What MSN Messenger 5.0.0575 on Windows XP sends (msnp.md §2), so imgate identifies an allowed client. */
    private static final String VER_LIST = "MSNP8 CVR0";
    private static final String CVR = "0x0409 winnt 5.1 i386 MSNMSGR 5.0.0575 MSMSGS";
    private static final int SETUP_TIMEOUT_MILLIS = 15_000;

    private final Socket socket;
    private final OutputStream out;
    private final MsnWire wire;
    private final String handle;
    private int trId;

    private MsnBenchClient(InetSocketAddress address, String handle, int firstTrId) throws IOException {
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(address, SETUP_TIMEOUT_MILLIS);
        socket.setSoTimeout(SETUP_TIMEOUT_MILLIS);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
        this.wire = new MsnWire(socket.getInputStream(), "server " + address + " (session of " + handle + ")");
        this.handle = handle;
        this.trId = firstTrId;
    }

    String handle() {
        return handle;
    }

    /** Signs {@code handle} in through the dispatch server at {@code dispatch} and goes online. */
    static MsnBenchClient login(InetSocketAddress dispatch, String handle) throws IOException {
        InetSocketAddress ns;
        int next;
        try (MsnBenchClient ds = new MsnBenchClient(dispatch, handle, 1)) {
            ds.command("VER " + VER_LIST);
            ds.expect("VER");
            ds.command("CVR " + CVR + " " + handle);
            ds.expect("CVR");
            ds.command("USR TWN I " + handle);
            ns = address(ds.expect("XFR").token(3));
            next = ds.trId;
        }
        MsnBenchClient c = new MsnBenchClient(ns, handle, next);
        try {
            c.command("VER " + VER_LIST);
            c.expect("VER");
            c.command("CVR " + CVR + " " + handle);
            c.expect("CVR");
            c.command("USR TWN I " + handle);
            c.expect("USR");
            c.command("USR TWN S " + BenchMsnServer.ticketOf(handle));
            MsnWire.Command ok = c.expect("USR");
            if (!"OK".equals(ok.token(2))) {
                throw new IOException("login of " + handle + " refused: " + ok);
            }
            MsnWire.Command chl = c.expect("CHL");
            byte[] answer = Md5Challenge.answer(chl.token(2)).getBytes(StandardCharsets.US_ASCII);
            c.send("QRY " + c.trId++ + " " + Md5Challenge.PRODUCT_ID + " " + answer.length, answer);
            c.expect("QRY");
            c.command("CHG NLN 0");
            c.expect("CHG");
            return c;
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** A switchboard conversation between two signed-in users: the caller's and the callee's SB sessions. */
    record Conversation(MsnBenchClient caller, MsnBenchClient callee) implements AutoCloseable {
        @Override
        public void close() {
            caller.close();
            callee.close();
        }
    }

    /** {@code XFR SB}, {@code USR} at the switchboard, {@code CAL} the callee, who gets {@code RNG} and {@code ANS}s. */
    static Conversation converse(MsnBenchClient callerNs, MsnBenchClient calleeNs) throws IOException {
        callerNs.command("XFR SB");
        MsnWire.Command xfr = callerNs.expect("XFR");
        MsnBenchClient caller = new MsnBenchClient(address(xfr.token(3)), callerNs.handle, 1);
        try {
            caller.command("USR " + callerNs.handle + " " + xfr.token(5));
            caller.expect("USR");
            caller.command("CAL " + calleeNs.handle);
            String board = caller.expect("CAL").token(3);
            MsnWire.Command rng = calleeNs.expect("RNG");
            MsnBenchClient callee = new MsnBenchClient(address(rng.token(2)), calleeNs.handle, 1);
            try {
                callee.command("ANS " + calleeNs.handle + " " + rng.token(4) + " " + board);
                callee.expect("ANS");
                caller.expect("JOI");
            } catch (IOException | RuntimeException e) {
                callee.close();
                throw e;
            }
            caller.socket.setSoTimeout(0);
            callee.socket.setSoTimeout(0);
            return new Conversation(caller, callee);
        } catch (IOException | RuntimeException e) {
            caller.close();
            throw e;
        }
    }

    /** Text message in mode N (no ACK, a NAK on failure), as MSN Messenger sends typed text. */
    void sendMessage(String text) throws IOException {
        byte[] body = ("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + "X-MMS-IM-Format: FN=MS%20Sans%20Serif; EF=; CO=0; CS=0; PF=0\r\n\r\n" + text)
                .getBytes(StandardCharsets.UTF_8);
        send("MSG " + trId++ + " N " + body.length, body);
    }

    /** The text after the MIME headers of a received MSG. */
    static String messageText(MsnWire.Command msg) {
        String s = msg.payloadText();
        int blank = s.indexOf("\r\n\r\n");
        return blank < 0 ? s : s.substring(blank + 4);
    }

    /** The next command from the server, or null when it closed the connection. */
    MsnWire.Command read() throws IOException {
        return wire.read();
    }

    private void command(String verbAndArgs) throws IOException {
        int space = verbAndArgs.indexOf(' ');
        String verb = space < 0 ? verbAndArgs : verbAndArgs.substring(0, space);
        String args = space < 0 ? "" : verbAndArgs.substring(space);
        send(verb + " " + trId++ + args, null);
    }

    private synchronized void send(String line, byte[] payload) throws IOException {
        MsnWire.write(out, line, payload);
        out.flush();
    }

    /** Reads until {@code verb} arrives (skipping presence and other asynchronous commands). */
    private MsnWire.Command expect(String verb) throws IOException {
        while (true) {
            MsnWire.Command c = wire.read();
            if (c == null) {
                throw new EOFException("server closed the session of " + handle + " while it waited for " + verb);
            }
            if (c.verb().equals(verb)) {
                return c;
            }
            if (c.verb().matches("\\d{3}")) {
                throw new IOException("server answered " + handle + " with error " + c + " while it waited for " + verb);
            }
        }
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not a host:port: " + hostPort);
        }
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** Signs out ({@code OUT}) and closes the socket. */
    @Override
    public void close() {
        try {
            send("OUT", null);
        } catch (IOException e) {
            // the connection is gone already
        }
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
