package org.imgate.proxy.msn.transport;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.imgate.core.Decision;
import org.imgate.core.FailureMode;
import org.imgate.core.HostPort;
import org.imgate.core.Verdict;
import org.imgate.policy.ComplianceGate;
import org.imgate.policy.Notices;
import org.imgate.policy.PolicyLoader;
import org.imgate.policy.yaml.YamlBinder;
import org.imgate.proxy.MsnConfig;
import org.imgate.proxy.msn.TestMessages;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.fake.FakeMsnServer;
import org.imgate.proxy.msn.fake.MsnTestClient;
import org.imgate.proxy.testing.RecordingSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the MSN end-to-end tests share: the fake MSN servers with two users, the real policy gate over
 * an in-memory archive, the users' client versions, and clean-up of imgate and every client a test
 * opened. Each test class starts imgate itself, with the configuration it is about.
 */
abstract class MsnProxyTestBase {

    static final String ARCHIVE_DOWN = "Message not delivered: the compliance archive is unavailable.";
    static final String BLOCK_NOTICE = "Blocked: Project Nightingale may not be discussed over IM.";
    static final String OLD_CLIENT_NOTICE = "This Messenger is too old to sign in: install 5.1 or later.";
    static final String POLICY = """
            version: it-msn-1
            rules:
              - id: old-msn
                kind: client-version
                minimum: { "MSN Messenger": "5.0", "Windows Messenger": "5.1" }
                unknown-clients: allow
                action: end-session
                notice: "%s"
              - id: nightingale
                kind: keywords
                phrases: [project nightingale]
                action: block
                notice: "%s"
              - id: codename-falcon
                kind: keywords
                words: [falcon]
                action: redact
            """.formatted(OLD_CLIENT_NOTICE, BLOCK_NOTICE);

    static final String MSN62_VER = "MSNP10 MSNP9 CVR0";
    static final String MSN62_CVR = "0x0409 winnt 5.1 i386 MSNMSGR 6.2.0208 MSMSGS";
    static final String MSN50_VER = "MSNP8 CVR0";
    static final String MSN50_CVR = "0x0409 winnt 5.1 i386 MSNMSGR 5.0.0575 MSMSGS";
    static final String ALICE = "alice@corp.example";
    static final String BOB = "bob@corp.example";
    static final String ALICE_TICKET = "t=alice-ticket&p=alice-profile";
    static final String BOB_TICKET = "t=bob-ticket&p=bob-profile";

    final RecordingSink sink = new RecordingSink();
    private final List<AutoCloseable> clients = new ArrayList<>();
    FakeMsnServer server;
    ComplianceGate gate;
    MsnProxy proxy;
    /** Where clients reach imgate as their dispatch server. */
    HostPort dispatch;
    /** The one port of imgate's notification range: free when the test starts. */
    int nsPort;

    @BeforeEach
    void startServersAndGate() throws Exception {
        server = new FakeMsnServer(true);
        server.addUser(ALICE, "Alice Smith", ALICE_TICKET);
        server.addUser(BOB, "Bob", BOB_TICKET);
        gate = new ComplianceGate(
                new PolicyLoader(new YamlBinder()).load(POLICY, Path.of("it-msn-policy.yaml")), sink,
                FailureMode.CLOSED, new Notices(ARCHIVE_DOWN, "Policy error."));
        try (ServerSocket free = new ServerSocket(0)) {
            nsPort = free.getLocalPort();
        }
    }

    /** Starts imgate on {@code config} in front of the fake servers. */
    void startProxy(MsnConfig config) throws Exception {
        proxy = new MsnProxy(config, gate, Clock.systemUTC());
        dispatch = new HostPort("127.0.0.1", proxy.start().getPort());
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        server.close();
    }

    /**
     * Alice's switchboard sends a blocked message and then an allowed one: she gets NAK and imgate's
     * notice, Bob sees only the allowed message, and the blocked one is archived once with its block.
     */
    void assertBlockedMessageNeverReachesBobAndAliceIsTold(MsnTestClient aliceSb, MsnTestClient bobSb)
            throws Exception {
        int trId = aliceSb.payloadCommand("MSG", "A", TestMessages.text("the Project Nightingale launch date", null));
        assertEquals(trId, aliceSb.expect("NAK").trId().intValue());
        MsnCommand notice = aliceSb.expect("MSG");
        assertEquals(MsnProxy.SYSTEM_IDENTITY.handle(), notice.arg(0));
        assertTrue(notice.payloadText().endsWith(BLOCK_NOTICE));
        aliceSb.payloadCommand("MSG", "A", TestMessages.text("lunch?", null));
        assertTrue(bobSb.expect("MSG").payloadText().endsWith("lunch?"),
                "the next thing Bob sees is the allowed message");
        List<Decision> blocked = sink.messages("Project Nightingale");
        assertEquals(1, blocked.size());
        assertInstanceOf(Verdict.Block.class, blocked.get(0).verdict());
    }

    /** Registers a client to be closed after the test. */
    <T extends AutoCloseable> T track(T client) {
        clients.add(client);
        return client;
    }
}
