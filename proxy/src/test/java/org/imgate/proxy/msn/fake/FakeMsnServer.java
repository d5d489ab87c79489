package org.imgate.proxy.msn.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.imgate.core.HostPort;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.codec.MsnDecoder;
import org.imgate.proxy.msn.codec.MsnEncoder;
import org.imgate.proxy.msn.codec.MsnLimits;
import org.imgate.proxy.msn.codec.MsnProtocolException;
import org.imgate.proxy.msn.codec.Origin;
import org.imgate.proxy.msn.codec.PayloadRules;

/**
 * A small but faithful MSNP8–12 server for tests, on three loopback ports: dispatch (VER, CVR,
 * {@code USR … I} answered with {@code XFR … NS}), notification (Tweener login with a ticket the test
 * registers instead of Passport, the Hotmail profile with an {@code MSPAuth}, {@code CHL} that must be
 * answered right or the session ends with 540, SYN, CHG/ILN/NLN/FLN, UUX/UBX, PNG, {@code XFR SB},
 * RNG) and switchboard (USR/CAL/RNG/ANS/IRO/JOI, MSG relay with ACK, BYE). Follows the exchanges
 * of shared/reference/msnp.md §1. Every registered user is on every other user's list.
 *
 * <p>Thread-safe: one thread per connection; shared state is guarded by this object's monitor.
 */
public final class FakeMsnServer implements AutoCloseable {

    /** A registered account. */
    public record User(String handle, String friendlyName, String ticket) {
    }

    private final boolean challenge;
    private final ServerSocket dispatch;
    private final ServerSocket notification;
    private final ServerSocket switchboard;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(11_752_013);

    private final Map<String, User> users = new HashMap<>();
    private final Map<String, NsConnection> online = new LinkedHashMap<>();
    private final Map<String, String> xfrCookies = new HashMap<>();
    private final Map<String, String[]> rngCookies = new HashMap<>();
    private final Map<String, List<SbConnection>> boards = new HashMap<>();
    private volatile boolean closed;

    /** @param challenge whether the NS sends {@code CHL} after login, as Microsoft's servers did */
    public FakeMsnServer(boolean challenge) throws IOException {
        this.challenge = challenge;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        dispatch = new ServerSocket(0, 50, loopback);
        notification = new ServerSocket(0, 50, loopback);
        switchboard = new ServerSocket(0, 50, loopback);
        accept(dispatch, Role.DISPATCH);
        accept(notification, Role.NOTIFICATION);
        accept(switchboard, Role.SWITCHBOARD);
    }

    public synchronized void addUser(String handle, String friendlyName, String ticket) {
        users.put(handle, new User(handle, friendlyName, ticket));
    }

    public HostPort dispatchAddress() {
        return new HostPort("127.0.0.1", dispatch.getLocalPort());
    }

    public HostPort notificationAddress() {
        return new HostPort("127.0.0.1", notification.getLocalPort());
    }

    public HostPort switchboardAddress() {
        return new HostPort("127.0.0.1", switchboard.getLocalPort());
    }

    /** The MSPAuth the profile message of this user carries (a secret the proxy must never archive). */
    public static String mspAuthOf(String handle) {
        return "MSPAUTH-SECRET-" + Integer.toHexString(handle.hashCode()) + "Y6+H31sTUOFkqjNTDYq";
    }

    private enum Role { DISPATCH, NOTIFICATION, SWITCHBOARD }

    private void accept(ServerSocket server, Role role) {
        Thread t = new Thread(() -> {
            while (!closed) {
                try {
                    Socket s = server.accept();
                    sockets.add(s);
                    Connection c = switch (role) {
                        case DISPATCH -> new DsConnection(s);
                        case NOTIFICATION -> new NsConnection(s);
                        case SWITCHBOARD -> new SbConnection(s);
                    };
                    Thread worker = new Thread(c::run, "fake-msn-" + role + "-" + s.getPort());
                    worker.setDaemon(true);
                    threads.add(worker);
                    worker.start();
                } catch (IOException e) {
                    if (!closed) {
                        throw new IllegalStateException("fake MSN " + role + " accept failed", e);
                    }
                }
            }
        }, "fake-msn-accept-" + role);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        dispatch.close();
        notification.close();
        switchboard.close();
        for (Socket s : sockets) {
            s.close();
        }
        for (Thread t : threads) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String encodeName(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One client connection: reads commands with imgate's own decoder and answers them. */
    private abstract class Connection {
        final Socket socket;
        final MsnDecoder decoder = new MsnDecoder(Origin.CLIENT, MsnLimits.DEFAULT, 8);
        private final OutputStream out;
        int version = 8;

        Connection(Socket socket) {
            this.socket = socket;
            try {
                this.out = socket.getOutputStream();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        void run() {
            byte[] buf = new byte[4096];
            try (InputStream in = socket.getInputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    for (MsnCommand c : decoder.decode(java.util.Arrays.copyOf(buf, n))) {
                        if (!handle(c)) {
                            return;
                        }
                    }
                }
            } catch (SocketException e) {
                // closed by the peer or by close()
            } catch (IOException | MsnProtocolException e) {
                // a broken client ends only its own connection, as on the real service
            } finally {
                ended();
                try {
                    socket.close();
                } catch (IOException e) {
                    // already closed
                }
            }
        }

        /** Handles one command; false ends the connection. */
        abstract boolean handle(MsnCommand c) throws IOException;

        void ended() {
        }

        synchronized void send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        synchronized void send(MsnCommand c) throws IOException {
            out.write(MsnEncoder.encode(c));
            out.flush();
        }

        boolean negotiate(MsnCommand c) throws IOException {
            int best = -1;
            for (String token : c.args()) {
                int v = PayloadRules.parseVersion(token);
                if (v >= 8 && v <= 12 && v > best) {
                    best = v;
                }
            }
            if (best < 0) {
                send("VER " + c.trId() + " 0");
                return false;
            }
            version = best;
            decoder.protocolVersion(best);
            send("VER " + c.trId() + " MSNP" + best);
            return true;
        }

        void cvr(MsnCommand c) throws IOException {
            String v = c.arg(5) == null ? "1.0.0000" : c.arg(5);
            send("CVR " + c.trId() + " " + v + " " + v + " 5.0.0540 http://download.example/SetupDl.exe "
                    + "http://messenger.example");
        }
    }

    private final class DsConnection extends Connection {
        DsConnection(Socket s) {
            super(s);
        }

        @Override
        boolean handle(MsnCommand c) throws IOException {
            switch (c.verb()) {
                case "VER" -> {
                    return negotiate(c);
                }
                case "CVR" -> cvr(c);
                case "USR" -> {
                    String ns = notificationAddress().host() + ":" + notificationAddress().port();
                    send("XFR " + c.trId() + " NS " + ns + " 0 " + ns);
                    return false;
                }
                default -> send("715 " + c.trId());
            }
            return true;
        }
    }

    private final class NsConnection extends Connection {
        String requested;
        String handle;
        String status;
        long clientId;
        String pendingChallenge;

        NsConnection(Socket s) {
            super(s);
        }

        @Override
        boolean handle(MsnCommand c) throws IOException {
            if (handle == null && !List.of("VER", "CVR", "USR", "PNG", "OUT").contains(c.verb())) {
                send("302 " + c.trId());
                return true;
            }
            switch (c.verb()) {
                case "VER" -> {
                    return negotiate(c);
                }
                case "CVR" -> cvr(c);
                case "USR" -> {
                    return usr(c);
                }
                case "QRY" -> {
                    return qry(c);
                }
                case "SYN" -> syn(c);
                case "CHG" -> chg(c);
                case "UUX" -> uux(c);
                case "PNG" -> send(version >= 9 ? "QNG 50" : "QNG");
                case "XFR" -> {
                    String cookie = ids.incrementAndGet() + "." + ids.incrementAndGet() + "." + ids.incrementAndGet();
                    synchronized (FakeMsnServer.this) {
                        xfrCookies.put(cookie, handle);
                    }
                    send("XFR " + c.trId() + " SB " + switchboardAddress().host() + ":" + switchboardAddress().port()
                            + " CKI " + cookie);
                }
                case "OUT" -> {
                    return false;
                }
                default -> send("200 " + c.trId());
            }
            return true;
        }

        private boolean usr(MsnCommand c) throws IOException {
            if ("I".equals(c.arg(1))) {
                requested = c.arg(2);
                send("USR " + c.trId() + " TWN S lc=1033,id=507,tw=40,fs=1,ru=http%3A%2F%2Fmessenger%2Emsn%2Ecom,"
                        + "ct=1062764229,kpp=1,kv=5,ver=2.1.0173.1,tpf=43f8a4c8ed940c04e3740be46c4d1619");
                return true;
            }
            User user;
            NsConnection previous;
            synchronized (FakeMsnServer.this) {
                user = requested == null ? null : users.get(requested);
                if (user == null || !user.ticket().equals(c.arg(2))) {
                    send("911 " + c.trId());
                    return false;
                }
                handle = user.handle();
                previous = online.put(handle, this);
            }
            if (previous != null) {
                previous.send("OUT OTH");
                previous.socket.close();
            }
            send("USR " + c.trId() + " OK " + handle + (version <= 9 ? " " + encodeName(user.friendlyName()) : "")
                    + " 1 0");
            String profile = "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsprofile; charset=UTF-8\r\n"
                    + "LoginTime: 1062764229\r\nEmailEnabled: 1\r\nMemberIdHigh: 84736\r\nMemberIdLow: -1434729391\r\n"
                    + "lang_preference: 1033\r\nsid: 507\r\nkv: 5\r\nMSPAuth: " + mspAuthOf(handle) + "\r\n"
                    + "ClientIP: 127.0.0.1\r\nClientPort: " + socket.getPort() + "\r\n\r\n";
            send(MsnCommand.withPayload("MSG", null, List.of("Hotmail", "Hotmail"),
                    profile.getBytes(StandardCharsets.UTF_8)));
            if (challenge) {
                pendingChallenge = String.format("%010d1988941333", ids.incrementAndGet());
                send("CHL 0 " + pendingChallenge);
            }
            return true;
        }

        private boolean qry(MsnCommand c) throws IOException {
            String expected = pendingChallenge == null ? null : Challenge.answer(version, pendingChallenge);
            if (expected == null || !Challenge.productId(version).equals(c.arg(0))
                    || !expected.equals(c.payloadText())) {
                send("540 " + c.trId());
                return false;
            }
            pendingChallenge = null;
            send("QRY " + c.trId());
            return true;
        }

        private void syn(MsnCommand c) throws IOException {
            List<User> contacts;
            synchronized (FakeMsnServer.this) {
                contacts = users.values().stream().filter(u -> !u.handle().equals(handle)).toList();
            }
            if (version <= 9) {
                send("SYN " + c.trId() + " 1 " + contacts.size() + " 0");
            } else {
                send("SYN " + c.trId() + " 2003-10-15T09:00:00.0-07:00 2003-10-15T09:00:00.0-07:00 "
                        + contacts.size() + " 0");
            }
            send("GTC A");
            send("BLP AL");
            for (User u : contacts) {
                send(version <= 9 ? "LST " + u.handle() + " " + encodeName(u.friendlyName()) + " 11 0"
                        : "LST N=" + u.handle() + " F=" + encodeName(u.friendlyName()) + " 11");
            }
        }

        private void chg(MsnCommand c) throws IOException {
            boolean first = status == null;
            status = c.arg(0);
            clientId = c.arg(1) != null && PayloadRules.isNumber(c.arg(1)) ? Long.parseLong(c.arg(1)) : 0;
            send("CHG " + c.trId() + " " + status + " " + clientId);
            List<NsConnection> others;
            synchronized (FakeMsnServer.this) {
                others = online.values().stream().filter(o -> o != this && o.status != null).toList();
            }
            String name = encodeName(nameOf(handle));
            for (NsConnection o : others) {
                if (first) {
                    send("ILN " + c.trId() + " " + o.status + " " + o.handle + " " + encodeName(nameOf(o.handle)) + " "
                            + o.clientId);
                }
                o.send(status.equals("HDN") ? "FLN " + handle : "NLN " + status + " " + handle + " " + name + " "
                        + clientId);
            }
        }

        private void uux(MsnCommand c) throws IOException {
            send("UUX " + c.trId() + " 0");
            List<NsConnection> others;
            synchronized (FakeMsnServer.this) {
                others = online.values().stream().filter(o -> o != this && o.version >= 11).toList();
            }
            for (NsConnection o : others) {
                o.send(MsnCommand.withPayload("UBX", null, List.of(handle), c.payload()));
            }
        }

        @Override
        void ended() {
            List<NsConnection> others;
            synchronized (FakeMsnServer.this) {
                if (handle == null || online.get(handle) != this) {
                    return;
                }
                online.remove(handle);
                others = new ArrayList<>(online.values());
            }
            for (NsConnection o : others) {
                try {
                    o.send("FLN " + handle);
                } catch (IOException e) {
                    // that client is going away too
                }
            }
        }
    }

    private synchronized String nameOf(String handle) {
        User u = users.get(handle);
        return u == null ? handle : u.friendlyName();
    }

    private final class SbConnection extends Connection {
        String handle;
        String board;

        SbConnection(Socket s) {
            super(s);
        }

        @Override
        boolean handle(MsnCommand c) throws IOException {
            if (board == null && !List.of("USR", "ANS").contains(c.verb())) {
                send("911 " + c.trId());
                return false;
            }
            switch (c.verb()) {
                case "USR" -> {
                    synchronized (FakeMsnServer.this) {
                        if (c.arg(0) == null || !c.arg(0).equals(xfrCookies.remove(c.arg(1)))) {
                            send("911 " + c.trId());
                            return false;
                        }
                        handle = c.arg(0);
                        board = Long.toString(ids.incrementAndGet());
                        boards.computeIfAbsent(board, k -> new CopyOnWriteArrayList<>()).add(this);
                    }
                    send("USR " + c.trId() + " OK " + handle + " " + encodeName(nameOf(handle)));
                }
                case "ANS" -> {
                    return ans(c);
                }
                case "CAL" -> cal(c);
                case "MSG" -> msg(c);
                case "OUT" -> {
                    return false;
                }
                default -> send("200 " + c.trId());
            }
            return true;
        }

        private boolean ans(MsnCommand c) throws IOException {
            List<SbConnection> present;
            synchronized (FakeMsnServer.this) {
                String[] invite = rngCookies.remove(c.arg(1));
                if (invite == null || !invite[0].equals(c.arg(0)) || !invite[1].equals(c.arg(2))) {
                    send("911 " + c.trId());
                    return false;
                }
                handle = c.arg(0);
                board = c.arg(2);
                present = new ArrayList<>(boards.getOrDefault(board, List.of()));
                boards.computeIfAbsent(board, k -> new CopyOnWriteArrayList<>()).add(this);
            }
            for (int i = 0; i < present.size(); i++) {
                SbConnection p = present.get(i);
                send("IRO " + c.trId() + " " + (i + 1) + " " + present.size() + " " + p.handle + " "
                        + encodeName(nameOf(p.handle)));
            }
            send("ANS " + c.trId() + " OK");
            for (SbConnection p : present) {
                p.send("JOI " + handle + " " + encodeName(nameOf(handle)));
            }
            return true;
        }

        private void cal(MsnCommand c) throws IOException {
            NsConnection callee;
            String cookie = ids.incrementAndGet() + "." + ids.incrementAndGet();
            synchronized (FakeMsnServer.this) {
                callee = online.get(c.arg(0));
                if (callee != null && callee.status != null && !callee.status.equals("HDN")) {
                    rngCookies.put(cookie, new String[] {callee.handle, board});
                } else {
                    callee = null;
                }
            }
            if (callee == null) {
                send("217 " + c.trId());
                return;
            }
            send("CAL " + c.trId() + " RINGING " + board);
            callee.send("RNG " + board + " " + switchboardAddress().host() + ":" + switchboardAddress().port()
                    + " CKI " + cookie + " " + handle + " " + encodeName(nameOf(handle)));
        }

        private void msg(MsnCommand c) throws IOException {
            MsnCommand relayed = MsnCommand.withPayload("MSG", null, List.of(handle, encodeName(nameOf(handle))),
                    c.payload());
            List<SbConnection> members;
            synchronized (FakeMsnServer.this) {
                members = new ArrayList<>(boards.getOrDefault(board, List.of()));
            }
            for (SbConnection p : members) {
                if (p != this) {
                    p.send(relayed);
                }
            }
            if ("A".equals(c.arg(0)) || "D".equals(c.arg(0))) {
                send("ACK " + c.trId());
            }
        }

        @Override
        void ended() {
            if (board == null) {
                return;
            }
            List<SbConnection> rest;
            synchronized (FakeMsnServer.this) {
                List<SbConnection> members = boards.get(board);
                members.remove(this);
                rest = new ArrayList<>(members);
                if (members.isEmpty()) {
                    boards.remove(board);
                }
            }
            for (SbConnection p : rest) {
                try {
                    p.send("BYE " + handle);
                } catch (IOException e) {
                    // leaving too
                }
            }
        }
    }
}
