package org.imgate.proxy.msn.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.imgate.core.Decision;
import org.imgate.core.HostPort;
import org.imgate.core.ImEvent;
import org.imgate.core.Verdict;
import org.imgate.core.Version;
import org.imgate.proxy.MsnConfig;
import org.imgate.proxy.msn.TestMessages;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.cvr.CvrOverride;
import org.imgate.proxy.msn.enforce.MsnEnforcer;
import org.imgate.proxy.msn.fake.FakeMsnClient;
import org.imgate.proxy.msn.fake.FakeMsnServer;
import org.imgate.proxy.msn.message.MsnMessage;
import org.imgate.proxy.msn.message.P2pPacket;
import org.imgate.proxy.msn.message.SlpMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * imgate's MSN proxy between the fake MSN servers and fake clients of two versions, over real loopback
 * sockets, with the real policy gate and an in-memory archive.
 */
class MsnProxyIT extends MsnProxyTestBase {

    private static final String UPGRADE_URL = "http://msi.corp.example/msn62.msi";
    private static final List<CvrOverride> OVERRIDES = List.of(new CvrOverride("MSN Messenger",
            Version.parse("6.2.0208"), Version.parse("5.0.0575"), UPGRADE_URL, null));
    private static final String CAROL = "carol@partner.example";

    @BeforeEach
    void start() throws Exception {
        startProxy(new MsnConfig(new HostPort("127.0.0.1", 0), server.dispatchAddress(), "127.0.0.1",
                new HostPort("127.0.0.1", 0), nsPort, nsPort, List.of("corp.example"), OVERRIDES));
    }

    /** Two users signed in through imgate and in one switchboard conversation. */
    private record Chat(FakeMsnClient alice, FakeMsnClient bob, FakeMsnClient aliceSb, FakeMsnClient bobSb) {
    }

    private Chat openChat() throws Exception {
        FakeMsnClient alice = track(FakeMsnClient.login(dispatch, ALICE, ALICE_TICKET, MSN62_VER, MSN62_CVR));
        FakeMsnClient bob = track(FakeMsnClient.login(dispatch, BOB, BOB_TICKET, MSN50_VER, MSN50_CVR));
        assertEquals(10, alice.protocolVersion());
        assertEquals(8, bob.protocolVersion());
        alice.expect("QRY");
        bob.expect("QRY");
        bob.command("CHG", "NLN 0");
        bob.expect("CHG");
        alice.command("CHG", "NLN 805306404");
        alice.expect("CHG");

        alice.command("XFR", "SB");
        MsnCommand xfr = alice.expect("XFR");
        assertEquals("127.0.0.1:" + proxy.switchboardAddress().getPort(), xfr.arg(1), "the switchboard is imgate");
        FakeMsnClient aliceSb = track(FakeMsnClient.connect(HostPort.valueOf(xfr.arg(1)), 10));
        aliceSb.command("USR", ALICE + " " + xfr.arg(3));
        assertEquals("OK", aliceSb.expect("USR").arg(0));
        aliceSb.command("CAL", BOB);
        String board = aliceSb.expect("CAL").arg(1);
        MsnCommand rng = bob.expect("RNG");
        assertEquals("127.0.0.1:" + proxy.switchboardAddress().getPort(), rng.arg(1), "RNG leads to imgate");
        FakeMsnClient bobSb = track(FakeMsnClient.connect(HostPort.valueOf(rng.arg(1)), 8));
        bobSb.command("ANS", BOB + " " + rng.arg(3) + " " + board);
        assertEquals(ALICE, bobSb.expect("IRO").arg(2));
        bobSb.expect("ANS");
        assertEquals(BOB, aliceSb.expect("JOI").arg(0));
        return new Chat(alice, bob, aliceSb, bobSb);
    }

    @Test
    void clientsOfTwoVersionsChatThroughImgateAndEveryMessageIsArchivedOnce() throws Exception {
        Chat chat = openChat();
        int trId = chat.aliceSb.payloadCommand("MSG", "A",
                TestMessages.text("Quarterly numbers é", "FN=Arial; EF=; CO=0; CS=0; PF=22"));
        assertEquals(trId, chat.aliceSb.expect("ACK").trId().intValue());
        MsnCommand relayed = chat.bobSb.expect("MSG");
        assertEquals(ALICE, relayed.arg(0));
        assertTrue(relayed.payloadText().endsWith("\r\n\r\nQuarterly numbers é"));
        chat.bobSb.payloadCommand("MSG", "N", TestMessages.text("got it", null));
        assertTrue(chat.aliceSb.expect("MSG").payloadText().endsWith("got it"));

        assertEquals(1, sink.messages("Quarterly numbers é").size(), "archived once");
        assertEquals(1, sink.messages("got it").size(), "archived once");
        ImEvent.Message first = (ImEvent.Message) sink.messages("Quarterly numbers é").get(0).event();
        assertEquals(ALICE, first.sender().handle());
        List<String> logins = sink.decisions().stream().map(Decision::event)
                .filter(ImEvent.Login.class::isInstance).map(e -> ((ImEvent.Login) e).identity()).sorted().toList();
        assertEquals(List.of(ALICE, BOB), logins);
        ImEvent.Login aliceLogin = sink.decisions().stream().map(Decision::event)
                .filter(e -> e instanceof ImEvent.Login l && l.identity().equals(ALICE))
                .map(ImEvent.Login.class::cast).findFirst().orElseThrow();
        assertEquals("6.2.0208", aliceLogin.client().version());
        for (Decision d : sink.decisions()) {
            assertFalse(d.toString().contains(FakeMsnServer.mspAuthOf(ALICE)), "MSPAuth archived");
            assertFalse(d.toString().contains("alice-ticket"), "ticket archived");
        }
    }

    @Test
    void blockedMessageNeverReachesTheRecipientAndTheSenderIsTold() throws Exception {
        Chat chat = openChat();
        assertBlockedMessageNeverReachesBobAndAliceIsTold(chat.aliceSb, chat.bobSb);
    }

    @Test
    void aRedactedMessageReachesTheRecipientMaskedAndIsArchivedAsWritten() throws Exception {
        Chat chat = openChat();
        String original = "Falcon closes Friday, keep falcon quiet";
        int trId = chat.aliceSb.payloadCommand("MSG", "A", TestMessages.text(original, "FN=Arial; EF=; CO=0; CS=0; PF=22"));
        assertEquals(trId, chat.aliceSb.expect("ACK").trId().intValue(), "a redacted message is delivered");
        MsnCommand relayed = chat.bobSb.expect("MSG");
        assertTrue(relayed.payloadText().endsWith("\r\n\r\n[redacted] closes Friday, keep [redacted] quiet"),
                relayed.payloadText());
        assertFalse(relayed.payloadText().toLowerCase(java.util.Locale.ROOT).contains("falcon"));
        assertTrue(relayed.payloadText().contains("X-MMS-IM-Format: FN=Arial"), "the formatting header is kept");

        List<Decision> archived = sink.messages(original);
        assertEquals(1, archived.size(), "archived once, as written");
        assertEquals(new Verdict.Redact("[redacted] closes Friday, keep [redacted] quiet"), archived.get(0).verdict());
        assertEquals("it-msn-1", archived.get(0).policyVersion());
    }

    @Test
    void clientBelowTheMinimumVersionIsRefusedAtLogin() throws Exception {
        FakeMsnClient old = track(FakeMsnClient.connect(dispatch, 8));
        old.command("VER", "MSNP8 MSNP7 CVR0");
        old.expect("VER");
        old.command("CVR", "0x0409 winnt 5.1 i386 MSMSGS 4.7.3001 WindowsMessenger " + ALICE);
        assertEquals(MsnEnforcer.CLIENT_REFUSED, old.expect(MsnEnforcer.CLIENT_REFUSED).verb());
        assertTrue(old.closedByServer());
        Decision refusal = sink.decisions().stream()
                .filter(d -> d.event() instanceof ImEvent.ClientIdentified).findFirst().orElseThrow();
        assertEquals(new Verdict.EndSession(OLD_CLIENT_NOTICE), refusal.verdict());
    }

    @Test
    void blockedFileInvitationIsCancelledOnBothSides() throws Exception {
        Chat chat = openChat();
        chat.aliceSb.payloadCommand("MSG", "N",
                TestMessages.fileInvite("project nightingale.zip", 1024, "4711"));
        MsnCommand cancel = chat.aliceSb.expect("MSG");
        assertTrue(cancel.payloadText().contains("Invitation-Command: CANCEL"), cancel.payloadText());
        assertTrue(cancel.payloadText().contains("Invitation-Cookie: 4711"));
        chat.aliceSb.payloadCommand("MSG", "N", TestMessages.text("never mind", null));
        MsnCommand atBob = chat.bobSb.expect("MSG");
        assertTrue(atBob.payloadText().endsWith("never mind"), "Bob never saw the invitation");
        assertTrue(sink.decisions().stream().anyMatch(d -> d.event() instanceof ImEvent.FileOffer
                && d.verdict() instanceof Verdict.Block));
    }

    private static SlpMessage slpOf(MsnCommand msg) throws Exception {
        return SlpMessage.parse(P2pPacket.parse(MsnMessage.parse(msg.payload()).body()).data());
    }

    @Test
    void aBlockedMsnslpFileOfferFromAnImgateUserIsDeclinedToItsSenderAndNeverReachesTheRecipient()
            throws Exception {
        Chat chat = openChat();
        byte[] slp = TestMessages.slpFileInvite(ALICE, BOB, "project nightingale.zip", 23040);
        int trId = chat.aliceSb.payloadCommand("MSG", "D", TestMessages.p2pChunks(BOB, slp, 2000)[0]);
        assertEquals(trId, chat.aliceSb.expect("282").trId().intValue(), "the P2P send fails for the sender");
        SlpMessage decline = slpOf(chat.aliceSb.expect("MSG"));
        assertEquals("MSNSLP/1.0 603 Decline", decline.startLine());
        assertEquals("<msnmsgr:" + BOB + ">", decline.headers().value("From"), "declined as if by Bob");
        assertEquals("{9D79AE57-1BD5-444B-B14E-3FC9BB2B5D58}", decline.headers().value("Call-ID"));
        chat.aliceSb.payloadCommand("MSG", "N", TestMessages.text("no file then", null));
        assertTrue(chat.bobSb.expect("MSG").payloadText().endsWith("no file then"), "Bob never saw the offer");
        assertTrue(sink.decisions().stream().anyMatch(d -> d.event() instanceof ImEvent.FileOffer f
                && f.fileName().equals("project nightingale.zip") && d.verdict() instanceof Verdict.Block));
    }

    @Test
    void aBlockedMsnslpFileOfferFromOutsideIsDeclinedTowardsTheServerAndNeverReachesTheImgateUser()
            throws Exception {
        server.addUser(CAROL, "Carol", "t=carol-ticket&p=carol");
        FakeMsnClient bob = track(FakeMsnClient.login(dispatch, BOB, BOB_TICKET, MSN50_VER, MSN50_CVR));
        bob.expect("QRY");
        bob.command("CHG", "NLN 0");
        bob.expect("CHG");
        // Carol signs in to the service directly, not through imgate.
        FakeMsnClient carol = track(FakeMsnClient.login(server.dispatchAddress(), CAROL, "t=carol-ticket&p=carol",
                MSN62_VER, MSN62_CVR));
        carol.expect("QRY");
        carol.command("XFR", "SB");
        MsnCommand xfr = carol.expect("XFR");
        FakeMsnClient carolSb = track(FakeMsnClient.connect(HostPort.valueOf(xfr.arg(1)), 10));
        carolSb.command("USR", CAROL + " " + xfr.arg(3));
        carolSb.expect("USR");
        carolSb.command("CAL", BOB);
        String board = carolSb.expect("CAL").arg(1);
        MsnCommand rng = bob.expect("RNG");
        FakeMsnClient bobSb = track(FakeMsnClient.connect(HostPort.valueOf(rng.arg(1)), 8));
        bobSb.command("ANS", BOB + " " + rng.arg(3) + " " + board);
        bobSb.expect("ANS");
        carolSb.expect("JOI");

        byte[] slp = TestMessages.slpFileInvite(CAROL, BOB, "project nightingale.zip", 23040);
        carolSb.payloadCommand("MSG", "D", TestMessages.p2pChunks(BOB, slp, 2000)[0]);
        SlpMessage decline = slpOf(carolSb.expect("MSG"));
        assertEquals("MSNSLP/1.0 603 Decline", decline.startLine(), "Carol's client sees a decline");
        assertEquals("<msnmsgr:" + CAROL + ">", decline.headers().value("To"));
        carolSb.payloadCommand("MSG", "N", TestMessages.text("fine, no file", null));
        List<MsnCommand> atBob = new ArrayList<>();
        do {
            atBob.add(bobSb.expect("MSG"));
        } while (!atBob.get(atBob.size() - 1).payloadText().endsWith("fine, no file"));
        for (MsnCommand msg : atBob) {
            assertFalse(msg.payloadText().contains("x-msnmsgrp2p"), "Bob never saw the offer");
        }
        assertTrue(atBob.stream().anyMatch(m -> m.arg(0).equals(MsnProxy.SYSTEM_IDENTITY.handle())
                && m.payloadText().endsWith(BLOCK_NOTICE)), "Bob is told what was blocked");
        assertTrue(sink.decisions().stream().anyMatch(d -> d.event() instanceof ImEvent.FileOffer f
                && f.fileName().equals("project nightingale.zip") && d.verdict() instanceof Verdict.Block));
    }

    @Test
    void garbageEndsOnlyItsOwnSession() throws Exception {
        Chat chat = openChat();
        chat.aliceSb.writeRaw(new byte[] {0, 1, 2, 3, (byte) 0xff, '\r', '\n'});
        assertTrue(chat.aliceSb.closedByServer());
        chat.bob.command("CHG", "AWY 0");
        assertEquals("AWY", chat.bob.expect("CHG").arg(0), "Bob's session lives on");
    }

    @Test
    void lyingPayloadLengthEndsOnlyItsOwnSession() throws Exception {
        Chat chat = openChat();
        chat.bobSb.writeRaw("MSG 9 N 3\r\nMIME-Version: 1.0\r\n\r\nhello".getBytes(UTF_8));
        assertTrue(chat.bobSb.closedByServer());
        chat.alice.command("CHG", "BSY 0");
        assertEquals("BSY", chat.alice.expect("CHG").arg(0), "Alice's session lives on");
        assertTrue(sink.messages("hello").isEmpty());
    }

    @Test
    void oversizedPayloadEndsOnlyItsOwnSession() throws Exception {
        Chat chat = openChat();
        chat.aliceSb.writeRaw("MSG 20 A 99999999\r\n".getBytes(UTF_8));
        assertTrue(chat.aliceSb.closedByServer());
        chat.alice.command("CHG", "BSY 0");
        assertEquals("BSY", chat.alice.expect("CHG").arg(0), "Alice's notification session lives on");
        chat.bob.command("CHG", "AWY 0");
        assertEquals("AWY", chat.bob.expect("CHG").arg(0), "Bob's session lives on");
    }

    @Test
    void aMessageIsDeliveredOnlyOnceItsDecisionIsDurable() throws Exception {
        Chat chat = openChat();
        sink.holding(true);
        chat.aliceSb.payloadCommand("MSG", "A", TestMessages.text("wait for the archive", null));
        assertTrue(chat.bobSb.silentFor(400), "nothing reaches Bob while the archive write is pending");
        assertEquals(1, sink.messages("wait for the archive").size());
        sink.release();
        assertTrue(chat.bobSb.expect("MSG").payloadText().endsWith("wait for the archive"));
    }

    @Test
    void aBrokenArchiveWithholdsTheMessageAndTellsTheSender() throws Exception {
        Chat chat = openChat();
        sink.failing(true);
        int trId = chat.aliceSb.payloadCommand("MSG", "A", TestMessages.text("unarchivable", null));
        assertEquals(trId, chat.aliceSb.expect("NAK").trId().intValue());
        assertTrue(chat.aliceSb.expect("MSG").payloadText().endsWith(ARCHIVE_DOWN));
        sink.failing(false);
        chat.aliceSb.payloadCommand("MSG", "A", TestMessages.text("archived again", null));
        assertTrue(chat.bobSb.expect("MSG").payloadText().endsWith("archived again"),
                "Bob gets the next message and never the unarchived one");
    }

    @Test
    void anUpstreamThatIsItsOwnNotificationServerWorksWithoutARedirect() throws Exception {
        proxy.close();
        MsnConfig direct = new MsnConfig(new HostPort("127.0.0.1", 0), server.notificationAddress(), "127.0.0.1",
                new HostPort("127.0.0.1", 0), nsPort, nsPort, List.of("corp.example"), OVERRIDES);
        proxy = new MsnProxy(direct, gate, Clock.systemUTC());
        HostPort ns = new HostPort("127.0.0.1", proxy.start().getPort());
        FakeMsnClient bob = track(FakeMsnClient.connect(ns, 8));
        bob.command("VER", MSN50_VER);
        bob.expect("VER");
        bob.command("CVR", MSN50_CVR + " " + BOB);
        bob.expect("CVR");
        bob.command("USR", "TWN I " + BOB);
        bob.expect("USR");
        bob.command("USR", "TWN S " + BOB_TICKET);
        assertEquals("OK", bob.expect("USR").arg(0));
        assertTrue(sink.decisions().stream().anyMatch(d -> d.event() instanceof ImEvent.Login l
                && l.identity().equals(BOB)));
    }

    @Test
    void theServersCvrReplyOffersTheConfiguredUpgrade() throws Exception {
        FakeMsnClient bob = track(FakeMsnClient.connect(dispatch, 8));
        bob.command("VER", MSN50_VER);
        bob.expect("VER");
        bob.command("CVR", MSN50_CVR + " " + BOB);
        MsnCommand reply = bob.expect("CVR");
        assertEquals(List.of("6.2.0208", "6.2.0208", "5.0.0575", UPGRADE_URL, "http://messenger.example"),
                reply.args());
    }

    @Test
    void aRedirectImgateCannotTakeRefusesTheSessionInsteadOfLettingTheClientBypassIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(nsPort, 50, InetAddress.getByName("127.0.0.1"))) {
            FakeMsnClient bob = track(FakeMsnClient.connect(dispatch, 8));
            bob.command("VER", MSN50_VER);
            bob.expect("VER");
            bob.command("CVR", MSN50_CVR + " " + BOB);
            bob.expect("CVR");
            bob.command("USR", "TWN I " + BOB);
            assertTrue(bob.closedByServer(), "no XFR naming the real notification server reaches the client");
            assertFalse(new String(bob.wireLog().stream().map(FakeMsnClient.Wire::bytes)
                    .reduce(new byte[0], MsnProxyIT::concat), UTF_8).contains("XFR"));
        }
    }

    @Test
    void anIdleNotificationListenerIsUnboundAfterItsGraceAndBoundAgainOnTheNextRedirect() throws Exception {
        proxy.close();
        MsnConfig quick = new MsnConfig(new HostPort("127.0.0.1", 0), server.dispatchAddress(), "127.0.0.1",
                new HostPort("127.0.0.1", 0), nsPort, nsPort, List.of("corp.example"), OVERRIDES,
                Duration.ofMillis(300), null, null, null, null);
        proxy = new MsnProxy(quick, gate, Clock.systemUTC());
        dispatch = new HostPort("127.0.0.1", proxy.start().getPort());
        FakeMsnClient bob = FakeMsnClient.login(dispatch, BOB, BOB_TICKET, MSN50_VER, MSN50_CVR);
        assertEquals(List.of(nsPort), proxy.notificationPorts());
        Thread.sleep(900);
        assertEquals(List.of(nsPort), proxy.notificationPorts(), "Bob's session keeps the listener");
        bob.close();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!proxy.notificationPorts().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), proxy.notificationPorts(), "freed once idle");
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", nsPort).close(), "nothing listens there");
        FakeMsnClient again = track(FakeMsnClient.login(dispatch, BOB, BOB_TICKET, MSN50_VER, MSN50_CVR));
        again.expect("QRY");
        assertEquals(List.of(nsPort), proxy.notificationPorts(), "the next redirect binds it again");
    }

    @Test
    void theRedirectToANewNotificationServerWaitsUntilImgateListensThere() throws Exception {
        proxy.close();
        List<Runnable> heldBinds = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> bindThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
        MsnConfig config = new MsnConfig(new HostPort("127.0.0.1", 0), server.dispatchAddress(), "127.0.0.1",
                new HostPort("127.0.0.1", 0), nsPort, nsPort, List.of("corp.example"), OVERRIDES);
        proxy = new MsnProxy(config, gate, Clock.systemUTC(), MsnProxy.internalByDomain(config), task ->
                heldBinds.add(() -> {
                    bindThreads.add(Thread.currentThread().getName());
                    task.run();
                }));
        dispatch = new HostPort("127.0.0.1", proxy.start().getPort());
        FakeMsnClient bob = track(FakeMsnClient.connect(dispatch, 8));
        bob.command("VER", MSN50_VER);
        bob.expect("VER");
        bob.command("CVR", MSN50_CVR + " " + BOB);
        bob.expect("CVR");
        bob.command("USR", "TWN I " + BOB);
        assertTrue(bob.silentFor(400), "no XFR while the listener it names is not bound");
        assertEquals(1, heldBinds.size(), "the bind was handed to the executor, not run on the I/O thread");
        Thread binder = new Thread(() -> heldBinds.forEach(Runnable::run), "test-binder");
        binder.start();
        binder.join();
        MsnCommand xfr = bob.expect("XFR");
        assertEquals("127.0.0.1:" + nsPort, xfr.arg(1));
        assertEquals(List.of("test-binder"), bindThreads);
        new Socket("127.0.0.1", nsPort).close(); // listening by the time the client read the redirect
    }

    @Test
    void closingTheProxyEndsEverySessionAndArchivesTheirClose() throws Exception {
        Chat chat = openChat();
        proxy.close();
        assertTrue(chat.alice.closedByServer());
        assertTrue(chat.bobSb.closedByServer());
        assertTrue(sink.decisions().stream().anyMatch(d -> d.event() instanceof ImEvent.SessionClosed c
                && ALICE.equals(c.handle()) && c.reason().equals("imgate stopping")));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
