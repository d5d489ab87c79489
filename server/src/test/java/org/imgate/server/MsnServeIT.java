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

    @TempDir
    Path dir;

    @Test
    void chatThroughServeIsArchivedSearchableAndPoliced() throws Exception {
        try (FakeMsnServer msn = new FakeMsnServer(true)) {
            msn.addUser(ALICE, "Alice Smith", "t=alice-ticket&p=alice-profile");
            msn.addUser(BOB, "Bob", "t=bob-ticket&p=bob-profile");
            int dispatch = freePort();
            int switchboard = freePort();
            int notification = freePort();
            TestInstallation installation = new TestInstallation(dir, """
                    msn:
                      listen: 127.0.0.1:%d
                      upstream: %s
                      advertise-host: 127.0.0.1
                      switchboard-listen: 127.0.0.1:%d
                      ns-port-first: %d
                      ns-port-last: %d
                      internal-domains: [corp.example]
                    """.formatted(dispatch, msn.dispatchAddress(), switchboard, notification, notification), """
                    version: msn-e2e-1
                    rules:
                      - id: project-nightingale
                        kind: keywords
                        phrases: [project nightingale]
                        action: block
                        notice: "Blocked: Project Nightingale may not be discussed over IM."
                    """);
            TestInstallation.Run served = installation.serve(() -> chat(new HostPort("127.0.0.1", dispatch)));
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
            assertEquals(new Verdict.Block("Blocked: Project Nightingale may not be discussed over IM."),
                    messages.get(2).verdict());
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
        try (FakeMsnServer msn = new FakeMsnServer(true)) {
            msn.addUser(ALICE, "Alice Smith", "t=alice-ticket&p=alice-profile");
            msn.addUser(BOB, "Bob", "t=bob-ticket&p=bob-profile");
            int dispatch = freePort();
            int switchboard = freePort();
            int notification = freePort();
            int gateway = freePort();
            TestInstallation installation = new TestInstallation(dir, """
                    msn:
                      listen: 127.0.0.1:%d
                      upstream: %s
                      advertise-host: 127.0.0.1
                      switchboard-listen: 127.0.0.1:%d
                      ns-port-first: %d
                      ns-port-last: %d
                      gateway-listen: 127.0.0.1:%d
                      internal-domains: [corp.example]
                    """.formatted(dispatch, msn.dispatchAddress(), switchboard, notification, notification, gateway),
                    TestInstallation.MINIMAL_POLICY);
            TestInstallation.Run served = installation.serve(() -> chatOverTheGateway(
                    new HostPort("127.0.0.1", dispatch), new HostPort("127.0.0.1", gateway)));
            assertEquals(0, served.code(), served.err());

            TestInstallation.Run search = installation.run("search", "firewall", "--json");
            assertEquals(0, search.code(), search.err());
            assertTrue(search.out().contains("\"from\":\"" + BOB + "\""), "the gateway user's message is archived: "
                    + search.out());
            assertTrue(installation.run("search", "through", "--json").out().contains("\"from\":\"" + ALICE + "\""));
        }
    }

    /** Alice (MSN 6.2) on TCP calls Bob (MSN 5.0), whose only way out is imgate's HTTP gateway. */
    private static void chatOverTheGateway(HostPort imgate, HostPort gateway) throws Exception {
        try (FakeMsnClient alice = FakeMsnClient.login(imgate, ALICE, "t=alice-ticket&p=alice-profile",
                "MSNP10 MSNP9 CVR0", "0x0409 winnt 5.1 i386 MSNMSGR 6.2.0208 MSMSGS");
             FakeGatewayClient bob = FakeGatewayClient.login(gateway, BOB, "t=bob-ticket&p=bob-profile",
                     "MSNP8 CVR0", "0x0409 winnt 5.1 i386 MSNMSGR 5.0.0575 MSMSGS")) {
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
                try (FakeGatewayClient bobSb = FakeGatewayClient.opening(gateway, "SB", rng.arg(1), 8)) {
                    bobSb.command("ANS", BOB + " " + rng.arg(3) + " " + board);
                    bobSb.expect("ANS");
                    aliceSb.expect("JOI");
                    aliceSb.payloadCommand("MSG", "A", TestMessages.text("can you read me through the gateway?", null));
                    aliceSb.expect("ACK");
                    assertTrue(bobSb.expect("MSG").payloadText().endsWith("can you read me through the gateway?"));
                    bobSb.payloadCommand("MSG", "N", TestMessages.text("yes, the firewall lets HTTP out", null));
                    assertTrue(aliceSb.expect("MSG").payloadText().endsWith("yes, the firewall lets HTTP out"));
                }
            }
        }
    }

    private static void chat(HostPort imgate) throws Exception {
        try (FakeMsnClient alice = FakeMsnClient.login(imgate, ALICE, "t=alice-ticket&p=alice-profile",
                "MSNP10 MSNP9 CVR0", "0x0409 winnt 5.1 i386 MSNMSGR 6.2.0208 MSMSGS");
             FakeMsnClient bob = FakeMsnClient.login(imgate, BOB, "t=bob-ticket&p=bob-profile",
                     "MSNP8 CVR0", "0x0409 winnt 5.1 i386 MSNMSGR 5.0.0575 MSMSGS")) {
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
                try (FakeMsnClient bobSb = FakeMsnClient.connect(HostPort.valueOf(rng.arg(1)), 8)) {
                    bobSb.command("ANS", BOB + " " + rng.arg(3) + " " + board);
                    bobSb.expect("ANS");
                    aliceSb.expect("JOI");

                    aliceSb.payloadCommand("MSG", "A", TestMessages.text("Quarterly numbers are in", null));
                    aliceSb.expect("ACK");
                    assertTrue(bobSb.expect("MSG").payloadText().endsWith("Quarterly numbers are in"));
                    bobSb.payloadCommand("MSG", "N", TestMessages.text("thanks", null));
                    assertTrue(aliceSb.expect("MSG").payloadText().endsWith("thanks"));

                    aliceSb.payloadCommand("MSG", "A", TestMessages.text("about Project Nightingale", null));
                    aliceSb.expect("NAK");
                    assertTrue(aliceSb.expect("MSG").payloadText().endsWith(
                            "Blocked: Project Nightingale may not be discussed over IM."), "alice is told why");
                    aliceSb.payloadCommand("MSG", "A", TestMessages.text("lunch?", null));
                    assertTrue(bobSb.expect("MSG").payloadText().endsWith("lunch?"),
                            "the next message bob sees is the allowed one: the blocked one never reached him");
                }
            }
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
