package org.imgate.proxy.msn.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.imgate.core.Decision;
import org.imgate.core.HostPort;
import org.imgate.core.ImEvent;
import org.imgate.core.Verdict;
import org.imgate.proxy.MsnConfig;
import org.imgate.proxy.msn.TestMessages;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.fake.FakeGatewayClient;
import org.imgate.proxy.msn.fake.FakeGatewayClient.HttpReply;
import org.imgate.proxy.msn.fake.FakeMsnClient;
import org.imgate.proxy.msn.fake.FakeMsnServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * imgate serving the MSN HTTP gateway: a gateway client (MSN Messenger behind a firewall that blocks
 * 1863) signs in to the fake MSN servers through imgate's gateway, opens switchboards through it and
 * chats with a TCP client that also goes through imgate, with the real policy gate and an in-memory
 * archive, over real loopback sockets.
 */
class MsnGatewayIT extends MsnProxyTestBase {

    private HostPort gateway;

    @BeforeEach
    void start() throws Exception {
        startProxy(Duration.ofSeconds(60), null, null);
    }

    private void startProxy(Duration idleTimeout, Integer maxSessions, Integer maxQueuedBytes) throws Exception {
        startProxy(new MsnConfig(new HostPort("127.0.0.1", 0), server.dispatchAddress(), "127.0.0.1",
                new HostPort("127.0.0.1", 0), nsPort, nsPort, List.of("corp.example"), List.of(), null,
                new HostPort("127.0.0.1", 0), idleTimeout, maxSessions, maxQueuedBytes));
        gateway = new HostPort("127.0.0.1", proxy.gatewayAddress().getPort());
    }

    private String switchboardAddress() {
        return "127.0.0.1:" + proxy.switchboardAddress().getPort();
    }

    /** Alice on the gateway (MSNP8, MSN 5.0) calls Bob on TCP (MSNP10, MSN 6.2). */
    private record Chat(FakeGatewayClient alice, FakeMsnClient bob, FakeGatewayClient aliceSb, FakeMsnClient bobSb) {
    }

    private Chat gatewayCallsTcp() throws Exception {
        FakeGatewayClient alice = track(FakeGatewayClient.login(gateway, ALICE, ALICE_TICKET, MSN50_VER, MSN50_CVR));
        FakeMsnClient bob = track(FakeMsnClient.login(dispatch, BOB, BOB_TICKET, MSN62_VER, MSN62_CVR));
        assertEquals(8, alice.protocolVersion());
        alice.expect("QRY");
        bob.expect("QRY");
        bob.command("CHG", "NLN 805306404");
        bob.expect("CHG");
        alice.command("CHG", "NLN 0");
        alice.expect("CHG");

        alice.command("XFR", "SB");
        MsnCommand xfr = alice.expect("XFR");
        assertEquals(switchboardAddress(), xfr.arg(1), "the switchboard is imgate");
        FakeGatewayClient aliceSb = track(FakeGatewayClient.opening(gateway, "SB", xfr.arg(1), 8));
        aliceSb.command("USR", ALICE + " " + xfr.arg(3));
        assertEquals("OK", aliceSb.expect("USR").arg(0));
        aliceSb.command("CAL", BOB);
        String board = aliceSb.expect("CAL").arg(1);
        MsnCommand rng = bob.expect("RNG");
        assertEquals(switchboardAddress(), rng.arg(1), "RNG leads to imgate");
        FakeMsnClient bobSb = track(FakeMsnClient.connect(HostPort.valueOf(rng.arg(1)), 10));
        bobSb.command("ANS", BOB + " " + rng.arg(3) + " " + board);
        assertEquals(ALICE, bobSb.expect("IRO").arg(2));
        bobSb.expect("ANS");
        assertEquals(BOB, aliceSb.expect("JOI").arg(0));
        return new Chat(alice, bob, aliceSb, bobSb);
    }

    @Test
    void anMsnp8GatewayClientChatsWithATcpClientBothWaysAndEveryMessageIsArchivedOnce() throws Exception {
        Chat chat = gatewayCallsTcp();
        int trId = chat.aliceSb.payloadCommand("MSG", "A", TestMessages.text("over the gateway é", null));
        assertEquals(trId, chat.aliceSb.expect("ACK").trId().intValue());
        MsnCommand atBob = chat.bobSb.expect("MSG");
        assertEquals(ALICE, atBob.arg(0));
        assertTrue(atBob.payloadText().endsWith("\r\n\r\nover the gateway é"));
        chat.bobSb.payloadCommand("MSG", "N", TestMessages.text("back over TCP", null));
        assertTrue(chat.aliceSb.expect("MSG").payloadText().endsWith("back over TCP"));

        assertEquals(1, sink.messages("over the gateway é").size(), "archived once");
        assertEquals(1, sink.messages("back over TCP").size(), "archived once");
        List<String> logins = sink.decisions().stream().map(Decision::event)
                .filter(ImEvent.Login.class::isInstance).map(e -> ((ImEvent.Login) e).identity()).sorted().toList();
        assertEquals(List.of(ALICE, BOB), logins);
        ImEvent.Login aliceLogin = sink.decisions().stream().map(Decision::event)
                .filter(e -> e instanceof ImEvent.Login l && l.identity().equals(ALICE))
                .map(ImEvent.Login.class::cast).findFirst().orElseThrow();
        assertEquals("5.0.0575", aliceLogin.client().version(), "the gateway session identifies its client");
        for (Decision d : sink.decisions()) {
            assertFalse(d.toString().contains(FakeMsnServer.mspAuthOf(ALICE)), "MSPAuth archived");
            assertFalse(d.toString().contains("alice-ticket"), "ticket archived");
            assertFalse(d.toString().contains(chat.alice.sessionId()), "gateway session id archived");
        }
        assertEquals(1, chat.alice.sessionIds().stream().distinct().count(), "one id for the session's life");
        assertEquals(32, chat.alice.sessionId().length(), "128-bit session id");
        assertNotEquals(chat.alice.sessionId(), chat.aliceSb.sessionId());
    }

    @Test
    void anMsnp10GatewayClientAnswersAnInvitationFromATcpClient() throws Exception {
        FakeGatewayClient alice = track(FakeGatewayClient.login(gateway, ALICE, ALICE_TICKET, MSN62_VER, MSN62_CVR));
        assertEquals(10, alice.protocolVersion());
        FakeMsnClient bob = track(FakeMsnClient.login(dispatch, BOB, BOB_TICKET, MSN50_VER, MSN50_CVR));
        alice.expect("QRY");
        bob.expect("QRY");
        alice.command("CHG", "NLN 805306404");
        alice.expect("CHG");
        bob.command("CHG", "NLN 0");
        bob.expect("CHG");

        bob.command("XFR", "SB");
        MsnCommand xfr = bob.expect("XFR");
        FakeMsnClient bobSb = track(FakeMsnClient.connect(HostPort.valueOf(xfr.arg(1)), 8));
        bobSb.command("USR", BOB + " " + xfr.arg(3));
        bobSb.expect("USR");
        bobSb.command("CAL", ALICE);
        String board = bobSb.expect("CAL").arg(1);
        MsnCommand rng = alice.expect("RNG");
        assertEquals(switchboardAddress(), rng.arg(1), "the RNG polled from the gateway leads to imgate");
        FakeGatewayClient aliceSb = track(FakeGatewayClient.opening(gateway, "SB", rng.arg(1), 10));
        aliceSb.command("ANS", ALICE + " " + rng.arg(3) + " " + board);
        assertEquals(BOB, aliceSb.expect("IRO").arg(2));
        aliceSb.expect("ANS");
        bobSb.expect("JOI");

        bobSb.payloadCommand("MSG", "N", TestMessages.text("ring ring", null));
        assertTrue(aliceSb.expect("MSG").payloadText().endsWith("ring ring"));
        aliceSb.payloadCommand("MSG", "N", TestMessages.text("answered", null));
        assertTrue(bobSb.expect("MSG").payloadText().endsWith("answered"));
        assertEquals(1, sink.messages("ring ring").size());
        assertEquals(1, sink.messages("answered").size());
    }

    @Test
    void aBlockedMessageFromTheGatewayNeverReachesTheRecipientAndTheSenderIsTold() throws Exception {
        Chat chat = gatewayCallsTcp();
        assertBlockedMessageNeverReachesBobAndAliceIsTold(chat.aliceSb, chat.bobSb);
    }

    @Test
    void anUnknownSessionIdGets400() throws Exception {
        try (Socket s = new Socket(gateway.host(), gateway.port())) {
            HttpReply reply = FakeGatewayClient.exchange(s.getOutputStream(), s.getInputStream(), gateway,
                    "/gateway/gateway.dll?SessionID=00112233445566778899aabbccddeeff", "PNG\r\n".getBytes(UTF_8));
            assertEquals(400, reply.status());
            assertTrue(new String(reply.body(), UTF_8).contains("no such gateway session"));
            assertFalse(new String(reply.body(), UTF_8).contains("00112233"), "the id is not echoed");
            HttpReply poll = FakeGatewayClient.exchange(s.getOutputStream(), s.getInputStream(), gateway,
                    "/gateway/gateway.dll?Action=poll&SessionID=nope", new byte[0]);
            assertEquals(400, poll.status(), "the connection stays usable after a 400");
        }
    }

    @Test
    void aSecondRequestWhileTheFirstIsServedGets400() throws Exception {
        FakeGatewayClient alice = track(FakeGatewayClient.opening(gateway, "NS", "messenger.hotmail.com", 8));
        alice.command("VER", MSN50_VER);
        alice.expect("VER");
        String poll = "/gateway/gateway.dll?Action=poll&SessionID=" + alice.sessionId();
        // Nothing is queued for Alice, so her poll waits for the server: a second request meanwhile is busy.
        CompletableFuture<HttpReply> first = CompletableFuture.supplyAsync(() -> {
            try {
                return alice.exchange(poll, new byte[0]);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        try (Socket s = new Socket(gateway.host(), gateway.port())) {
            HttpReply second = FakeGatewayClient.exchange(s.getOutputStream(), s.getInputStream(), gateway, poll,
                    new byte[0]);
            assertEquals(400, second.status());
            assertTrue(new String(second.body(), UTF_8).contains("in progress"));
        }
        assertEquals(200, first.get().status());
        alice.command("CVR", MSN50_CVR + " " + ALICE);
        assertEquals("CVR", alice.expect("CVR").verb(), "the session lives on");
    }

    @Test
    void garbageHttpClosesOnlyItsOwnConnection() throws Exception {
        Chat chat = gatewayCallsTcp();
        try (Socket s = new Socket(gateway.host(), gateway.port())) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(new byte[] {0, 1, 2, 3, (byte) 0xff, '\r', '\n', '\r', '\n'});
            out.flush();
            HttpReply reply = FakeGatewayClient.read(in);
            assertEquals(400, reply.status());
            assertEquals("close", reply.header("Connection"));
            assertEquals(-1, in.read(), "the connection is closed");
        }
        try (Socket s = new Socket(gateway.host(), gateway.port())) {
            s.getOutputStream().write(("POST /gateway/gateway.dll?Action=open&Server=NS&IP=x HTTP/1.1\r\n"
                    + "Content-Length: 99999999\r\n\r\n").getBytes(UTF_8));
            HttpReply reply = FakeGatewayClient.read(s.getInputStream());
            assertEquals(413, reply.status(), "an oversized body is refused before it is read");
        }
        chat.aliceSb.payloadCommand("MSG", "N", TestMessages.text("still here", null));
        assertTrue(chat.bobSb.expect("MSG").payloadText().endsWith("still here"), "Alice's sessions live on");
    }

    @Test
    void aClientThatStopsPollingLosesItsSessionAndItsCloseIsArchived() throws Exception {
        proxy.close();
        startProxy(Duration.ofSeconds(1), null, null);
        FakeGatewayClient alice = track(FakeGatewayClient.login(gateway, ALICE, ALICE_TICKET, MSN50_VER, MSN50_CVR));
        alice.expect("QRY");
        String id = alice.sessionId();
        Thread.sleep(2500);
        try (Socket s = new Socket(gateway.host(), gateway.port())) {
            HttpReply reply = FakeGatewayClient.exchange(s.getOutputStream(), s.getInputStream(), gateway,
                    "/gateway/gateway.dll?Action=poll&SessionID=" + id, new byte[0]);
            assertEquals(400, reply.status(), "the expired session is gone");
        }
        assertTrue(sink.decisions().stream().anyMatch(d -> d.event() instanceof ImEvent.SessionClosed c
                && ALICE.equals(c.handle()) && c.reason().equals("gateway client stopped polling")));
    }

    @Test
    void aClientThatFallsTooFarBehindLosesItsSessionInsteadOfGrowingMemory() throws Exception {
        proxy.close();
        startProxy(Duration.ofSeconds(60), null, 4096);
        Chat chat = gatewayCallsTcp();
        byte[] big = TestMessages.text("x".repeat(1200), null);
        for (int i = 0; i < 5; i++) {
            chat.bobSb.payloadCommand("MSG", "N", big);
        }
        assertTrue(chat.aliceSb.closedByServer(), "the gateway ended the session it could not queue for");
        chat.bobSb.payloadCommand("MSG", "N", TestMessages.text("anyone?", null));
        assertTrue(sink.decisions().stream().anyMatch(d -> d.event() instanceof ImEvent.SessionClosed c
                && ALICE.equals(c.handle()) && c.reason().startsWith("gateway client stopped collecting")));
    }

    @Test
    void aRefusedLoginOverTheGatewayEndsTheSessionWithItsReason() throws Exception {
        FakeGatewayClient old = track(FakeGatewayClient.opening(gateway, "NS", "messenger.hotmail.com", 8));
        old.command("VER", "MSNP8 MSNP7 CVR0");
        old.expect("VER");
        old.command("CVR", "0x0409 winnt 5.1 i386 MSMSGS 4.7.3001 WindowsMessenger " + ALICE);
        assertEquals("710", old.expect("710").verb());
        assertTrue(old.closedByServer(), "Session=close tells the client its session is over");
    }

    @Test
    void aFullGatewayAnswers503AndKeepsItsSessions() throws Exception {
        proxy.close();
        startProxy(Duration.ofSeconds(60), 1, null);
        FakeGatewayClient first = track(FakeGatewayClient.opening(gateway, "NS", "messenger.hotmail.com", 8));
        first.command("VER", MSN50_VER);
        first.expect("VER");
        try (Socket s = new Socket(gateway.host(), gateway.port())) {
            HttpReply reply = FakeGatewayClient.exchange(s.getOutputStream(), s.getInputStream(), gateway,
                    "/gateway/gateway.dll?Action=open&Server=NS&IP=messenger.hotmail.com",
                    ("VER 1 " + MSN50_VER + "\r\n").getBytes(UTF_8));
            assertEquals(503, reply.status());
        }
        first.command("CVR", MSN50_CVR + " " + ALICE);
        assertEquals("CVR", first.expect("CVR").verb(), "the open session is unaffected");
    }
}
