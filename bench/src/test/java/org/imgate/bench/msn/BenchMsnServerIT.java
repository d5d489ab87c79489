package org.imgate.bench.msn;

import org.imgate.bench.load.PairTraffic;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The bench's MSNP upstream and client over real loopback sockets, the way the load uses them. */
class BenchMsnServerIT {

    private static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        ServerSocket[] held = new ServerSocket[n];
        try {
            for (int i = 0; i < n; i++) {
                held[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = held[i].getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) {
                if (s != null) {
                    s.close();
                }
            }
        }
        return ports;
    }

    @Test
    void pairSignsInConversesAndEveryMessageArrivesInOrder() throws Exception {
        int[] p = freePorts(3);
        try (BenchMsnServer server = new BenchMsnServer(BenchMsnServer.Ports.parse(
                "direct=" + p[0] + "," + p[1] + "," + p[2]))) {
            InetSocketAddress dispatch = new InetSocketAddress("127.0.0.1", p[0]);
            try (MsnBenchClient a = MsnBenchClient.login(dispatch, "load1@bench.example");
                 MsnBenchClient b = MsnBenchClient.login(dispatch, "load2@bench.example");
                 MsnBenchClient.Conversation c = MsnBenchClient.converse(a, b)) {
                LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
                Thread reader = new Thread(() -> {
                    try {
                        MsnWire.Command cmd;
                        while ((cmd = c.callee().read()) != null) {
                            if (cmd.verb().equals("MSG")) {
                                assertEquals("load1@bench.example", cmd.token(1));
                                received.add(MsnBenchClient.messageText(cmd));
                            }
                        }
                    } catch (IOException e) {
                        // closed at the end of the test
                    }
                });
                reader.setDaemon(true);
                reader.start();
                for (int seq = 0; seq < 200; seq++) {
                    c.caller().sendMessage(PairTraffic.text(1, seq));
                }
                for (int seq = 0; seq < 200; seq++) {
                    assertEquals(PairTraffic.text(1, seq), received.poll(5, TimeUnit.SECONDS));
                }
                assertNull(received.poll(200, TimeUnit.MILLISECONDS), "nothing more than was sent");
            }
        }
    }

    @Test
    void advertisesTheNotificationAddressOfItsPathInXfr() throws Exception {
        int[] p = freePorts(3);
        // The HAProxy path: the upstream's real ports are p[0..2]; clients must be sent to HAProxy's
        // notification frontend (26875 here, nothing needs to listen there for this exchange).
        try (BenchMsnServer server = new BenchMsnServer(BenchMsnServer.Ports.parse(
                "haproxy=" + p[0] + "," + p[1] + "," + p[2] + ",26875,26876"));
             Socket socket = new Socket("127.0.0.1", p[0])) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            MsnWire wire = new MsnWire(socket.getInputStream(), "bench server");
            out.write(("VER 1 MSNP8 CVR0\r\nCVR 2 0x0409 winnt 5.1 i386 MSNMSGR 5.0.0575 MSMSGS load1@bench.example\r\n"
                    + "USR 3 TWN I load1@bench.example\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("VER 1 MSNP8", String.join(" ", wire.read().tokens()));
            assertEquals("CVR", wire.read().verb());
            MsnWire.Command xfr = wire.read();
            assertEquals("XFR", xfr.verb());
            assertEquals("NS", xfr.token(2));
            assertEquals("127.0.0.1:26875", xfr.token(3), "HAProxy's frontend, not the upstream's own port");
            assertNull(wire.read(), "the dispatch server hangs up after the redirect");
        }
    }

    @Test
    void partnersArePairedOddWithNextEven() {
        assertEquals("load2@bench.example", BenchMsnServer.partnerOf("load1@bench.example"));
        assertEquals("idle9@bench.example", BenchMsnServer.partnerOf("idle10@bench.example"));
        assertNull(BenchMsnServer.partnerOf("nobody@bench.example"));
    }
}
