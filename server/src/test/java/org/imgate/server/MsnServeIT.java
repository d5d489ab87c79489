package org.imgate.server;

import org.imgate.archive.DecisionCodec;
import org.imgate.archive.JournalReader;
import org.imgate.archive.JournalRecord;
import org.imgate.archive.RecordType;
import org.imgate.core.Decision;
import org.imgate.core.HostPort;
import org.imgate.core.ImEvent;
import org.imgate.core.Verdict;
import org.imgate.proxy.msn.TestMessages;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.fake.FakeGatewayClient;
import org.imgate.proxy.msn.fake.FakeMsnClient;
import org.imgate.proxy.msn.fake.FakeMsnServer;
import org.imgate.proxy.msn.fake.MsnTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MSN Messenger 6.2 (MSNP10) and 5.0 (MSNP8) chat through {@code imgate serve} in front of the
 * project's MSN test service: the conversation lands in the signed journal once per message, a
 * blocked message is refused to the sender and archived with its rule, and search finds it.
 */
class MsnServeIT {
    private static final String ALICE = "alice@corp.example";
    private static final String BOB = "bob@corp.example";
    private static final String ALICE_TICKET = "t=alice-ticket&p=alice-profile";
    private static final String BOB_TICKET = "t=bob-ticket&p=bob-profile";
    private static final String MSN62_VER = "MSNP10 MSNP9 CVR0";
    private static final String MSN62_CVR = "0x0409 winnt 5.1 i386 MSNMSGR 6.2.0208 MSMSGS";
    private static final String MSN50_VER = "MSNP8 CVR0";
    private static final String MSN50_CVR = "0x0409 winnt 5.1 i386 MSNMSGR 5.0.0575 MSMSGS";
    private static final String BLOCK_NOTICE = "Blocked: Project Nightingale may not be discussed over IM.";

    @TempDir
    Path dir;

    /** The addresses of an installation's MSN listeners, on free loopback ports. */
    private record Listeners(int dispatch, int switchboard, int notification, int gateway) {
        static Listeners free() throws Exception {
            return new Listeners(freePort(), freePort(), freePort(), freePort());
        }

        HostPort dispatchAddress() {
            return new HostPort("127.0.0.1", dispatch);
        }

        HostPort gatewayAddress() {
            return new HostPort("127.0.0.1", gateway);
        }

        String config(FakeMsnServer msn) {
            return """
                    msn:
                      listen: 127.0.0.1:%d
                      upstream: %s
                      advertise-host: 127.0.0.1
                      switchboard-listen: 127.0.0.1:%d
                      ns-port-first: %d
                      ns-port-last: %d
                      gateway-listen: 127.0.0.1:%d
                      internal-domains: [corp.example]
                    """.formatted(dispatch, msn.dispatchAddress(), switchboard, notification, notification, gateway);
        }
    }

    private static FakeMsnServer msnService() throws Exception {
        FakeMsnServer msn = new FakeMsnServer(true);
        msn.addUser(ALICE, "Alice Smith", ALICE_TICKET);
        msn.addUser(BOB, "Bob", BOB_TICKET);
        return msn;
    }

    @Test
    void chatThroughServeIsArchivedSearchableAndPoliced() throws Exception {
        try (FakeMsnServer msn = msnService()) {
            Listeners listeners = Listeners.free();
            TestInstallation installation = new TestInstallation(dir, listeners.config(msn), """
                    version: msn-e2e-1
                    rules:
                      - id: project-nightingale
                        kind: keywords
                        phrases: [project nightingale]
                        action: block
                        notice: "%s"
                    """.formatted(BLOCK_NOTICE));
            HostPort imgate = listeners.dispatchAddress();
            TestInstallation.Run served = installation.serve(() -> {
                try (FakeMsnClient alice = FakeMsnClient.login(imgate, ALICE, ALICE_TICKET, MSN62_VER, MSN62_CVR);
                     FakeMsnClient bob = FakeMsnClient.login(imgate, BOB, BOB_TICKET, MSN50_VER, MSN50_CVR)) {
                    aliceCallsBob(alice, bob, rng -> FakeMsnClient.connect(HostPort.valueOf(rng), 8),
                            MsnServeIT::chatWithABlockedMessage);
                }
            });
            assertEquals(0, served.code(), served.err());

            List<Decision> messages = new ArrayList<>();
            try (Stream<JournalRecord> records = JournalReader.open(installation.chain()).records(1)) {
                for (JournalRecord record : records.filter(r -> r.type() == RecordType.DECISION).toList()) {
                    Decision decision = new DecisionCodec().decode(record);
                    if (decision.event() instanceof ImEvent.Message) {
                        messages.add(decision);
                    }
                }
            }
            assertEquals(List.of("Quarterly numbers are in", "thanks", "about Project Nightingale", "lunch?"),
                    messages.stream().map(d -> ((ImEvent.Message) d.event()).body()).toList(),
                    "each message archived once, though both ends are behind imgate");
            assertEquals(new Verdict.Block(BLOCK_NOTICE), messages.get(2).verdict());
            assertEquals(List.of("project-nightingale"), messages.get(2).matchedRules());

            TestInstallation.Run search = installation.run("search", "quarterly", "--json");
            assertEquals(0, search.code(), search.err());
            assertTrue(search.out().contains("\"network\":\"msn\"") || search.out().contains("\"network\":\"MSN\""),
                    search.out());
            assertTrue(search.out().contains("\"from\":\"" + ALICE + "\""), search.out());
            assertEquals(0, installation.run("verify").code());
        }
    }

    @Test
    void aClientBehindAFirewallChatsThroughTheHttpGatewayOfServe() throws Exception {
        try (FakeMsnServer msn = msnService()) {
            Listeners listeners = Listeners.free();
            TestInstallation installation = new TestInstallation(dir, listeners.config(msn),
                    TestInstallation.MINIMAL_POLICY);
            HostPort gateway = listeners.gatewayAddress();
            TestInstallation.Run served = installation.serve(() -> {
                // Bob's only way out is imgate's HTTP gateway; Alice is on TCP
                try (FakeMsnClient alice = FakeMsnClient.login(listeners.dispatchAddress(), ALICE, ALICE_TICKET,
                        MSN62_VER, MSN62_CVR);
                     FakeGatewayClient bob = FakeGatewayClient.login(gateway, BOB, BOB_TICKET, MSN50_VER, MSN50_CVR)) {
                    aliceCallsBob(alice, bob, rng -> FakeGatewayClient.opening(gateway, "SB", rng, 8),
                            (aliceSb, bobSb) -> {
                                say(aliceSb, "A", "can you read me through the gateway?", bobSb);
                                aliceSb.expect("ACK");
                                say(bobSb, "N", "yes, the firewall lets HTTP out", aliceSb);
                            });
                }
            });
            assertEquals(0, served.code(), served.err());

            TestInstallation.Run search = installation.run("search", "firewall", "--json");
            assertEquals(0, search.code(), search.err());
            assertTrue(search.out().contains("\"from\":\"" + BOB + "\""), "the gateway user's message is archived: "
                    + search.out());
            assertTrue(installation.run("search", "through", "--json").out().contains("\"from\":\"" + ALICE + "\""));
        }
    }

    /** Opens the client's side of a switchboard at the address an RNG named. */
    @FunctionalInterface
    private interface SwitchboardOpener {
        MsnTestClient open(String address) throws Exception;
    }

    /** What the two users do once both are in the switchboard. */
    @FunctionalInterface
    private interface Conversation {
        void run(MsnTestClient aliceSb, MsnTestClient bobSb) throws Exception;
    }

    /**
     * Alice and Bob, signed in through imgate, go online; Alice opens a switchboard and calls Bob, who
     * answers the ring through {@code bobOpens}; then they {@code talk}.
     */
    private static void aliceCallsBob(MsnTestClient alice, MsnTestClient bob, SwitchboardOpener bobOpens,
                                      Conversation talk) throws Exception {
        alice.expect("QRY");
        bob.expect("QRY");
        bob.command("CHG", "NLN 0");
        bob.expect("CHG");
        alice.command("CHG", "NLN 805306404");
        alice.expect("CHG");
        alice.command("XFR", "SB");
        MsnCommand xfr = alice.expect("XFR");
        try (FakeMsnClient aliceSb = FakeMsnClient.connect(HostPort.valueOf(xfr.arg(1)), 10)) {
            aliceSb.command("USR", ALICE + " " + xfr.arg(3));
            assertEquals("OK", aliceSb.expect("USR").arg(0));
            aliceSb.command("CAL", BOB);
            String board = aliceSb.expect("CAL").arg(1);
            MsnCommand rng = bob.expect("RNG");
            try (MsnTestClient bobSb = bobOpens.open(rng.arg(1))) {
                bobSb.command("ANS", BOB + " " + rng.arg(3) + " " + board);
                bobSb.expect("ANS");
                aliceSb.expect("JOI");
                talk.run(aliceSb, bobSb);
            }
        }
    }

    /** {@code from} sends {@code text} in ack mode {@code mode}, and {@code to} receives it. */
    private static void say(MsnTestClient from, String mode, String text, MsnTestClient to) throws Exception {
        from.payloadCommand("MSG", mode, TestMessages.text(text, null));
        assertTrue(to.expect("MSG").payloadText().endsWith(text), "did not arrive: " + text);
    }

    private static void chatWithABlockedMessage(MsnTestClient aliceSb, MsnTestClient bobSb) throws Exception {
        say(aliceSb, "A", "Quarterly numbers are in", bobSb);
        aliceSb.expect("ACK");
        say(bobSb, "N", "thanks", aliceSb);

        aliceSb.payloadCommand("MSG", "A", TestMessages.text("about Project Nightingale", null));
        aliceSb.expect("NAK");
        assertTrue(aliceSb.expect("MSG").payloadText().endsWith(BLOCK_NOTICE), "alice is told why");
        aliceSb.payloadCommand("MSG", "A", TestMessages.text("lunch?", null));
        assertTrue(bobSb.expect("MSG").payloadText().endsWith("lunch?"),
                "the next message bob sees is the allowed one: the blocked one never reached him");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
