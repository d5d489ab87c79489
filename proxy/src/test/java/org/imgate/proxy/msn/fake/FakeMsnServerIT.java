package org.imgate.proxy.msn.fake;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.imgate.core.ImEvent;
import org.imgate.core.Participant;
import org.imgate.core.SessionId;
import org.imgate.proxy.msn.TestMessages;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.codec.MsnFraming;
import org.imgate.proxy.msn.identify.ClientEvidence;
import org.imgate.proxy.msn.identify.ClientIdentifier;
import org.imgate.proxy.msn.mapper.MsnSessionMapper;
import org.imgate.proxy.msn.mapper.SessionRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake MSNP server and client over real loopback sockets, with no proxy in between yet. */
class FakeMsnServerIT {

    private static final String MSN62_VER = "MSNP10 MSNP9 CVR0";
    private static final String MSN62_CVR = "0x0409 winnt 5.1 i386 MSNMSGR 6.2.0208 MSMSGS";
    private static final String MSN50_VER = "MSNP8 CVR0";
    private static final String MSN50_CVR = "0x0409 winnt 5.1 i386 MSNMSGR 5.0.0575 MSMSGS";

    private FakeMsnServer server;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = new FakeMsnServer(true);
        server.addUser("alice@corp.example", "Alice Smith", "t=alice-ticket&p=alice-profile");
        server.addUser("bob@corp.example", "Bob", "t=bob-ticket&p=bob-profile");
        server.addUser("carol@corp.example", "Carol", "t=carol-ticket&p=carol-profile");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        server.close();
    }

    private <T extends AutoCloseable> T track(T client) {
        clients.add(client);
        return client;
    }

    @Test
    void loginPresenceAndSwitchboardChat() throws Exception {
        FakeMsnClient alice = track(FakeMsnClient.login(server.dispatchAddress(), "alice@corp.example",
                "t=alice-ticket&p=alice-profile", MSN62_VER, MSN62_CVR));
        FakeMsnClient bob = track(FakeMsnClient.login(server.dispatchAddress(), "bob@corp.example",
                "t=bob-ticket&p=bob-profile", MSN50_VER, MSN50_CVR));
        assertEquals(10, alice.protocolVersion());
        assertEquals(8, bob.protocolVersion());
        alice.expect("QRY");
        bob.expect("QRY");

        bob.command("CHG", "NLN 0");
        bob.expect("CHG");
        MsnCommand profile = alice.expect("MSG");
        assertEquals(List.of("Hotmail", "Hotmail"), profile.args().subList(0, 2));
        assertTrue(profile.payloadText().contains("MSPAuth: " + FakeMsnServer.mspAuthOf("alice@corp.example")));
        alice.command("SYN", "0 0");
        assertEquals("2", alice.expect("SYN").arg(2), "two contacts");
        alice.command("CHG", "NLN 805306404");
        MsnCommand iln = alice.expect("ILN");
        assertEquals("bob@corp.example", iln.arg(1));
        MsnCommand nln = bob.expect("NLN");
        assertEquals(List.of("NLN", "alice@corp.example", "Alice%20Smith", "805306404"), nln.args());

        alice.command("XFR", "SB");
        MsnCommand xfr = alice.expect("XFR");
        FakeMsnClient aliceSb = track(FakeMsnClient.connect(org.imgate.core.HostPort.valueOf(xfr.arg(1)), 10));
        aliceSb.command("USR", "alice@corp.example " + xfr.arg(3));
        assertEquals("OK", aliceSb.expect("USR").arg(0));
        aliceSb.command("CAL", "bob@corp.example");
        String board = aliceSb.expect("CAL").arg(1);

        MsnCommand rng = bob.expect("RNG");
        assertEquals(List.of(board, xfr.arg(1), "CKI"), rng.args().subList(0, 3));
        assertEquals("alice@corp.example", rng.arg(4));
        FakeMsnClient bobSb = track(FakeMsnClient.connect(org.imgate.core.HostPort.valueOf(rng.arg(1)), 8));
        bobSb.command("ANS", "bob@corp.example " + rng.arg(3) + " " + board);
        assertEquals("alice@corp.example", bobSb.expect("IRO").arg(2));
        bobSb.expect("ANS");
        assertEquals("bob@corp.example", aliceSb.expect("JOI").arg(0));

        int trId = aliceSb.payloadCommand("MSG", "A", TestMessages.text("Quarterly numbers é", "FN=Arial; EF=; CO=0; CS=0; PF=22"));
        assertEquals(trId, aliceSb.expect("ACK").trId().intValue());
        MsnCommand relayed = bobSb.expect("MSG");
        assertEquals("alice@corp.example", relayed.arg(0));
        assertTrue(relayed.payloadText().endsWith("\r\n\r\nQuarterly numbers é"));
        bobSb.payloadCommand("MSG", "N", TestMessages.text("got it", null));
        assertTrue(aliceSb.expect("MSG").payloadText().endsWith("got it"));
        bobSb.line("OUT");
        assertEquals("bob@corp.example", aliceSb.expect("BYE").arg(0));

        List<ImEvent> nsEvents = replay(alice.wireLog(), SessionRole.NOTIFICATION);
        ImEvent.Login login = nsEvents.stream().filter(ImEvent.Login.class::isInstance)
                .map(ImEvent.Login.class::cast).findFirst().orElseThrow();
        assertEquals("alice@corp.example", login.identity());
        assertEquals("6.2.0208", login.client().version());
        assertEquals("MSNP10", login.client().protocolVersion());
        List<ImEvent> sbEvents = replay(aliceSb.wireLog(), SessionRole.SWITCHBOARD);
        List<String> messages = sbEvents.stream().filter(ImEvent.Message.class::isInstance)
                .map(ImEvent.Message.class::cast)
                .map(m -> m.conversationId() + " " + m.sender().handle() + "->" + m.recipients().stream()
                        .map(Participant::handle).toList() + ": " + m.body()).toList();
        assertEquals(List.of(
                "msn-sb:" + board + " alice@corp.example->[bob@corp.example]: Quarterly numbers é",
                "msn-sb:" + board + " bob@corp.example->[alice@corp.example]: got it"), messages);
        for (ImEvent e : nsEvents) {
            assertFalse(e.toString().contains(FakeMsnServer.mspAuthOf("alice@corp.example")), "MSPAuth leaked");
            assertFalse(e.toString().contains("alice-ticket"), "ticket leaked");
        }
    }

    @Test
    void wrongChallengeAnswerEndsTheSessionWith540() throws Exception {
        FakeMsnClient carol = track(FakeMsnClient.connect(server.dispatchAddress(), 8));
        carol.command("VER", "MSNP8 CVR0");
        carol.expect("VER");
        carol.command("USR", "TWN I carol@corp.example");
        FakeMsnClient ns = track(FakeMsnClient.connect(
                org.imgate.core.HostPort.valueOf(carol.expect("XFR").arg(1)), 8));
        ns.command("VER", "MSNP8 CVR0");
        ns.expect("VER");
        ns.command("USR", "TWN I carol@corp.example");
        ns.expect("USR");
        ns.command("USR", "TWN S t=carol-ticket&p=carol-profile");
        ns.expect("USR");
        ns.payloadCommand("QRY", Challenge.MSNP8_PRODUCT_ID, "00000000000000000000000000000000".getBytes(UTF_8));
        assertEquals("540", ns.expect("540").verb());
        assertTrue(ns.closedByServer());
    }

    @Test
    void msnp11ChallengeIsAnsweredWithTheProductKey() throws Exception {
        FakeMsnClient c = track(FakeMsnClient.login(server.dispatchAddress(), "carol@corp.example",
                "t=carol-ticket&p=carol-profile", "MSNP11 MSNP10 CVR0", "0x0409 winnt 5.1 i386 MSNMSGR 7.0.0816 msmsgs"));
        assertEquals(11, c.protocolVersion());
        assertTrue(c.expect("QRY").args().isEmpty(), "the server accepted the answer");
    }

    @Test
    void badTicketIsRefusedWith911() throws Exception {
        FakeMsnClient ds = track(FakeMsnClient.connect(server.dispatchAddress(), 8));
        ds.command("VER", "MSNP8 CVR0");
        ds.expect("VER");
        ds.command("USR", "TWN I bob@corp.example");
        FakeMsnClient ns = track(FakeMsnClient.connect(org.imgate.core.HostPort.valueOf(ds.expect("XFR").arg(1)), 8));
        ns.command("VER", "MSNP8 CVR0");
        ns.expect("VER");
        ns.command("USR", "TWN I bob@corp.example");
        ns.expect("USR");
        ns.command("USR", "TWN S t=forged");
        ns.expect("911");
        assertTrue(ns.closedByServer());
    }

    @Test
    void unsupportedVersionIsRefusedWithVerZero() throws Exception {
        FakeMsnClient ds = track(FakeMsnClient.connect(server.dispatchAddress(), 8));
        ds.command("VER", "MSNP7 MSNP6 CVR0");
        assertEquals(List.of("0"), ds.expect("VER").args());
        assertTrue(ds.closedByServer());
    }

    private static List<ImEvent> replay(List<FakeMsnClient.Wire> log, SessionRole role) throws Exception {
        MsnFraming framing = new MsnFraming();
        MsnSessionMapper mapper = new MsnSessionMapper(new SessionId("it"), role, Clock.systemUTC(),
                h -> h.endsWith("@corp.example"), new ClientIdentifier(), ClientEvidence.NONE);
        List<ImEvent> events = new ArrayList<>();
        for (FakeMsnClient.Wire w : log) {
            for (MsnCommand c : framing.decode(w.origin(), w.bytes())) {
                events.addAll(mapper.onCommand(w.origin(), c));
            }
        }
        return events;
    }
}
