package org.imgate.bench.msn;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bench's upstream MSN service: one instance is a dispatch, a notification and a switchboard
 * server on three loopback ports, speaking MSNP8 as msnp.md §1 describes it (VER/CVR/{@code USR TWN I}
 * answered with {@code XFR NS} at the dispatch; Tweener login, the Hotmail profile, a {@code CHL} that
 * must be answered right, CHG/ILN/NLN/FLN, PNG and {@code XFR SB} at the notification server;
 * USR/CAL/RNG/ANS/IRO/JOI, MSG relay with ACK for modes A and D, BYE at the switchboard).
 *
 * <p>Each instance writes into {@code XFR} and {@code RNG} the addresses a client on its path must use
 * next: its own ports for the direct path, HAProxy's frontends for the HAProxy path. A user's ticket is
 * {@code t=<handle>&p=bench}; a user's only contact is its pair partner ({@code load1} and {@code load2},
 * ...), so presence traffic stays per pair as it would with real contact lists, not all-to-all.
 *
 * <p>Thread-safe: one thread per connection; shared tables are concurrent maps.
 */
public final class BenchMsnServer implements AutoCloseable {

    /** Where one instance listens and what it advertises. */
    record Ports(String name, int dispatch, int notification, int switchboard, int advertisedNotification,
                 int advertisedSwitchboard) {
        /** {@code NAME=DS,NS,SB} or {@code NAME=DS,NS,SB,ADV_NS,ADV_SB}, all ports on 127.0.0.1. */
        static Ports parse(String spec) {
            String[] nv = spec.split("=", 2);
            String[] p = nv.length == 2 ? nv[1].split(",") : new String[0];
            if (p.length != 3 && p.length != 5) {
                throw new IllegalArgumentException("--instance wants NAME=DS,NS,SB[,ADV_NS,ADV_SB], got " + spec);
            }
            int ns = Integer.parseInt(p[1]);
            int sb = Integer.parseInt(p[2]);
            return new Ports(nv[0], Integer.parseInt(p[0]), ns, sb, p.length == 5 ? Integer.parseInt(p[3]) : ns,
                    p.length == 5 ? Integer.parseInt(p[4]) : sb);
        }
    }

    private static final String HOST = "127.0.0.1";

    private final Ports ports;
    private final List<ServerSocket> listeners = new ArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(11_752_013);
    private final Map<String, Notification> online = new ConcurrentHashMap<>();
    private final Map<String, String> xfrCookies = new ConcurrentHashMap<>();
    private final Map<String, String[]> rngCookies = new ConcurrentHashMap<>();
    private final Map<String, List<Switchboard>> boards = new ConcurrentHashMap<>();
    private volatile boolean closed;

    BenchMsnServer(Ports ports) throws IOException {
        this.ports = ports;
        listen(ports.dispatch(), Dispatch::new);
        listen(ports.notification(), Notification::new);
        listen(ports.switchboard(), Switchboard::new);
    }

    /** Usage: {@code BenchMsnServer --instance NAME=DS,NS,SB[,ADV_NS,ADV_SB] [--instance ...]}; runs until killed. */
    public static void main(String[] args) throws Exception {
        List<BenchMsnServer> servers = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].equals("--instance")) {
                throw new IllegalArgumentException("unknown option " + args[i]);
            }
            servers.add(new BenchMsnServer(Ports.parse(args[i + 1])));
        }
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("usage: BenchMsnServer --instance NAME=DS,NS,SB[,ADV_NS,ADV_SB] ...");
        }
        for (BenchMsnServer s : servers) {
            System.out.println("msn bench server " + s.ports + " listening");
        }
        Thread.currentThread().join();
    }

    /** The handle of the other user of {@code handle}'s pair: {@code x1} and {@code x2}, {@code x3} and {@code x4} ... */
    static String partnerOf(String handle) {
        int at = handle.indexOf('@');
        int digits = at;
        while (digits > 0 && Character.isDigit(handle.charAt(digits - 1))) {
            digits--;
        }
        if (digits == at) {
            return null;
        }
        long n = Long.parseLong(handle.substring(digits, at));
        long partner = n % 2 == 1 ? n + 1 : n - 1;
        return handle.substring(0, digits) + partner + handle.substring(at);
    }

    static String ticketOf(String handle) {
        return "t=" + handle + "&p=bench";
    }

    private static String friendlyName(String handle) {
        return handle.substring(0, handle.indexOf('@'));
    }

    private interface ConnectionFactory {
        Connection create(BenchMsnServer server, Socket socket) throws IOException;
    }

    private void listen(int port, ConnectionFactory factory) throws IOException {
        ServerSocket server = new ServerSocket(port, 1024, InetAddress.getByName(HOST));
        listeners.add(server);
        Thread t = new Thread(() -> {
            while (!closed) {
                try {
                    Socket s = server.accept();
                    s.setTcpNoDelay(true);
                    sockets.add(s);
                    Connection c = factory.create(this, s);
                    Thread worker = new Thread(c::run, "msn-" + ports.name() + "-" + port + "-" + s.getPort());
                    worker.setDaemon(true);
                    worker.start();
                } catch (IOException e) {
                    if (!closed) {
                        throw new IllegalStateException("accept on " + HOST + ":" + port + " failed", e);
                    }
                }
            }
        }, "msn-" + ports.name() + "-accept-" + port);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        for (ServerSocket s : listeners) {
            s.close();
        }
        for (Socket s : sockets) {
            s.close();
        }
    }

    /** One client connection on one of the three roles. */
    private abstract static class Connection {
        final BenchMsnServer server;
        final Socket socket;
        private final OutputStream out;
        private final MsnWire wire;

        Connection(BenchMsnServer server, Socket socket) throws IOException {
            this.server = server;
            this.socket = socket;
            this.out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            this.wire = new MsnWire(socket.getInputStream(), "client " + socket.getRemoteSocketAddress());
        }

        void run() {
            try {
                MsnWire.Command c;
                while ((c = wire.read()) != null && handle(c)) {
                    // handle() answers; false ends the connection
                }
            } catch (SocketException e) {
                // closed by the client or by close()
            } catch (IOException | RuntimeException e) {
                System.err.println("msn bench server: " + e);
            } finally {
                ended();
                server.sockets.remove(socket);
                try {
                    socket.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }

        abstract boolean handle(MsnWire.Command c) throws IOException;

        void ended() {
        }

        synchronized void send(String line) throws IOException {
            send(line, null);
        }

        synchronized void send(String line, byte[] payload) throws IOException {
            MsnWire.write(out, line, payload);
            out.flush();
        }

        boolean version(MsnWire.Command c) throws IOException {
            for (String t : c.tokens()) {
                if (t.equals("MSNP8")) {
                    send("VER " + c.token(1) + " MSNP8");
                    return true;
                }
            }
            send("VER " + c.token(1) + " 0");
            return false;
        }

        void cvr(MsnWire.Command c) throws IOException {
            String v = c.token(7) == null ? "1.0.0000" : c.token(7);
            send("CVR " + c.token(1) + " " + v + " " + v + " 5.0.0540 http://download.example/SetupDl.exe"
                    + " http://messenger.example");
        }
    }

    private static final class Dispatch extends Connection {
        Dispatch(BenchMsnServer server, Socket socket) throws IOException {
            super(server, socket);
        }

        @Override
        boolean handle(MsnWire.Command c) throws IOException {
            switch (c.verb()) {
                case "VER" -> {
                    return version(c);
                }
                case "CVR" -> cvr(c);
                case "USR" -> {
                    String ns = HOST + ":" + server.ports.advertisedNotification();
                    send("XFR " + c.token(1) + " NS " + ns + " 0 " + HOST + ":" + server.ports.notification());
                    return false;
                }
                default -> send("715 " + c.token(1));
            }
            return true;
        }
    }

    private static final class Notification extends Connection {
        private String requested;
        private volatile String handle;
        private volatile String status;
        private String challenge;

        Notification(BenchMsnServer server, Socket socket) throws IOException {
            super(server, socket);
        }

        @Override
        boolean handle(MsnWire.Command c) throws IOException {
            String trId = c.token(1);
            if (handle == null && !List.of("VER", "CVR", "USR", "PNG", "OUT").contains(c.verb())) {
                send("302 " + trId);
                return true;
            }
            switch (c.verb()) {
                case "VER" -> {
                    return version(c);
                }
                case "CVR" -> cvr(c);
                case "USR" -> {
                    return usr(c);
                }
                case "QRY" -> {
                    if (challenge == null || !Md5Challenge.answer(challenge).equals(c.payloadText())) {
                        send("540 " + trId);
                        return false;
                    }
                    challenge = null;
                    send("QRY " + trId);
                }
                case "CHG" -> chg(c);
                case "PNG" -> send("QNG");
                case "XFR" -> {
                    String cookie = server.ids.incrementAndGet() + "." + server.ids.incrementAndGet() + "."
                            + server.ids.incrementAndGet();
                    server.xfrCookies.put(cookie, handle);
                    send("XFR " + trId + " SB " + HOST + ":" + server.ports.advertisedSwitchboard() + " CKI " + cookie);
                }
                case "OUT" -> {
                    return false;
                }
                default -> send("200 " + trId);
            }
            return true;
        }

        private boolean usr(MsnWire.Command c) throws IOException {
            String trId = c.token(1);
            if ("I".equals(c.token(3))) {
                requested = c.token(4);
                send("USR " + trId + " TWN S lc=1033,id=507,tw=40,fs=1,ru=http%3A%2F%2Fmessenger%2Emsn%2Ecom,"
                        + "ct=1062764229,kpp=1,kv=5,ver=2.1.0173.1,tpf=43f8a4c8ed940c04e3740be46c4d1619");
                return true;
            }
            if (requested == null || !"S".equals(c.token(3)) || !ticketOf(requested).equals(c.token(4))) {
                send("911 " + trId);
                return false;
            }
            handle = requested;
            Notification previous = server.online.put(handle, this);
            if (previous != null) {
                previous.send("OUT OTH");
                previous.socket.close();
            }
            send("USR " + trId + " OK " + handle + " " + friendlyName(handle) + " 1 0");
            String profile = "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\r\n"
                    + "LoginTime: 1062764229\r\nEmailEnabled: 1\r\nMemberIdHigh: 84736\r\nMemberIdLow: -1434729391\r\n"
                    + "lang_preference: 1033\r\nsid: 507\r\nkv: 5\r\nMSPAuth: bench-" + Integer.toHexString(
                    handle.hashCode()) + "\r\nClientIP: 127.0.0.1\r\nClientPort: " + socket.getPort() + "\r\n\r\n";
            byte[] body = profile.getBytes(StandardCharsets.UTF_8);
            send("MSG Hotmail Hotmail " + body.length, body);
            challenge = String.format("%010d1988941333", server.ids.incrementAndGet() % 10_000_000_000L);
            send("CHL 0 " + challenge);
            return true;
        }

        private void chg(MsnWire.Command c) throws IOException {
            boolean first = status == null;
            String clientId = c.token(3) == null ? "0" : c.token(3);
            status = c.token(2);
            send("CHG " + c.token(1) + " " + status + " " + clientId);
            String partner = partnerOf(handle);
            Notification other = partner == null ? null : server.online.get(partner);
            if (other != null && other.status != null) {
                if (first) {
                    send("ILN " + c.token(1) + " " + other.status + " " + partner + " " + friendlyName(partner) + " 0");
                }
                other.send(status.equals("HDN") ? "FLN " + handle
                        : "NLN " + status + " " + handle + " " + friendlyName(handle) + " " + clientId);
            }
        }

        @Override
        void ended() {
            if (handle == null || !server.online.remove(handle, this)) {
                return;
            }
            String partner = partnerOf(handle);
            Notification other = partner == null ? null : server.online.get(partner);
            if (other != null) {
                try {
                    other.send("FLN " + handle);
                } catch (IOException e) {
                    // the partner is leaving too
                }
            }
        }
    }

    private static final class Switchboard extends Connection {
        private String handle;
        private String board;

        Switchboard(BenchMsnServer server, Socket socket) throws IOException {
            super(server, socket);
        }

        @Override
        boolean handle(MsnWire.Command c) throws IOException {
            String trId = c.token(1);
            if (board == null && !c.verb().equals("USR") && !c.verb().equals("ANS")) {
                send("911 " + trId);
                return false;
            }
            switch (c.verb()) {
                case "USR" -> {
                    String caller = c.token(2);
                    if (caller == null || !caller.equals(server.xfrCookies.remove(String.valueOf(c.token(3))))) {
                        send("911 " + trId);
                        return false;
                    }
                    handle = caller;
                    board = Long.toString(server.ids.incrementAndGet());
                    server.boards.computeIfAbsent(board, k -> new CopyOnWriteArrayList<>()).add(this);
                    send("USR " + trId + " OK " + handle + " " + friendlyName(handle));
                }
                case "ANS" -> {
                    return answer(c);
                }
                case "CAL" -> call(c);
                case "MSG" -> relay(c);
                case "OUT" -> {
                    return false;
                }
                default -> send("200 " + trId);
            }
            return true;
        }

        private boolean answer(MsnWire.Command c) throws IOException {
            String trId = c.token(1);
            String[] invite = server.rngCookies.remove(String.valueOf(c.token(3)));
            if (invite == null || !invite[0].equals(c.token(2)) || !invite[1].equals(c.token(4))) {
                send("911 " + trId);
                return false;
            }
            handle = invite[0];
            board = invite[1];
            List<Switchboard> members = server.boards.computeIfAbsent(board, k -> new CopyOnWriteArrayList<>());
            List<Switchboard> present = new ArrayList<>(members);
            members.add(this);
            for (int i = 0; i < present.size(); i++) {
                Switchboard p = present.get(i);
                send("IRO " + trId + " " + (i + 1) + " " + present.size() + " " + p.handle + " " + friendlyName(p.handle));
            }
            send("ANS " + trId + " OK");
            for (Switchboard p : present) {
                p.send("JOI " + handle + " " + friendlyName(handle));
            }
            return true;
        }

        private void call(MsnWire.Command c) throws IOException {
            String callee = c.token(2);
            Notification ns = callee == null ? null : server.online.get(callee);
            if (ns == null || ns.status == null || ns.status.equals("HDN")) {
                send("217 " + c.token(1));
                return;
            }
            String cookie = server.ids.incrementAndGet() + "." + server.ids.incrementAndGet();
            server.rngCookies.put(cookie, new String[] {callee, board});
            send("CAL " + c.token(1) + " RINGING " + board);
            ns.send("RNG " + board + " " + HOST + ":" + server.ports.advertisedSwitchboard() + " CKI " + cookie + " "
                    + handle + " " + friendlyName(handle));
        }

        private void relay(MsnWire.Command c) throws IOException {
            String line = "MSG " + handle + " " + friendlyName(handle) + " " + c.payload().length;
            for (Switchboard p : server.boards.getOrDefault(board, List.of())) {
                if (p != this) {
                    p.send(line, c.payload());
                }
            }
            String mode = c.token(2);
            if ("A".equals(mode) || "D".equals(mode)) {
                send("ACK " + c.token(1));
            }
        }

        @Override
        void ended() {
            if (board == null) {
                return;
            }
            List<Switchboard> members = server.boards.get(board);
            if (members == null) {
                return;
            }
            members.remove(this);
            if (members.isEmpty()) {
                server.boards.remove(board, members);
            }
            for (Switchboard p : members) {
                try {
                    p.send("BYE " + handle);
                } catch (IOException e) {
                    // leaving too
                }
            }
        }
    }
}
