package org.imgate.server;

import org.imgate.archive.DecisionCodec;
import org.imgate.archive.JournalReader;
import org.imgate.archive.JournalRecord;
import org.imgate.archive.RecordType;
import org.imgate.core.Decision;
import org.imgate.core.ImEvent;
import org.imgate.core.Verdict;
import org.imgate.proxy.xmpp.it.ChatClient;
import org.imgate.proxy.xmpp.it.ProsodyServer;
import org.jivesoftware.smack.packet.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole product as {@code imgate serve} runs it: real Prosody behind, real Smack clients in front
 * trusting only the enterprise CA that serve created, the real policy, and the real journal. What was
 * said is in the signed journal (once), a blocked message is refused and archived with its rule, and
 * the journal verifies.
 */
class XmppServeIT {
    @TempDir
    Path dir;

    @Test
    void chatThroughServeIsArchivedInTheJournalAndPolicyIsEnforced() throws Exception {
        try (ProsodyServer prosody = ProsodyServer.start(dir.resolve("prosody"), List.of("alice", "bob"))) {
            int port = freePort();
            TestInstallation installation = new TestInstallation(dir.resolve("imgate"), """
                    xmpp:
                      listen: 127.0.0.1:%d
                      upstreams:
                        example.test: 127.0.0.1:%d
                      upstream-trust: [%s]
                    """.formatted(port, prosody.port(), prosody.certificate()), """
                    version: e2e-1
                    rules:
                      - id: no-promises
                        kind: keywords
                        phrases: [guaranteed returns]
                        action: block
                        notice: "Blocked: do not promise returns."
                    """);
            InetSocketAddress proxy = new InetSocketAddress("127.0.0.1", port);
            TestInstallation.Run served = installation.serve(() -> {
                X509Certificate ca = certificate(installation.dir().resolve("data/keys/ca.pem"));
                try (ChatClient alice = ChatClient.login(proxy, ca, "alice", "desk");
                     ChatClient bob = ChatClient.login(proxy, ca, "bob", "desk")) {
                    alice.send("bob@example.test", Message.Type.chat, "hello bob, lunch at noon?");
                    assertNotNull(bob.awaitBody("hello bob, lunch at noon?"), "bob got alice's message");
                    bob.send("alice@example.test", Message.Type.chat, "sure");
                    assertNotNull(alice.awaitBody("sure"), "alice got bob's answer");

                    alice.send("bob@example.test", Message.Type.chat, "this fund has guaranteed returns");
                    Message bounce = alice.await(m -> m.getType() == Message.Type.error, Duration.ofSeconds(10));
                    assertNotNull(bounce, "alice is told her message was refused");
                    assertTrue(bounce.toXML().toString().contains("Blocked: do not promise returns."), bounce.toXML().toString());
                    assertNull(bob.await(m -> m.getBody() != null && m.getBody().contains("guaranteed"),
                            Duration.ofSeconds(2)), "bob never sees the blocked message");
                }
                // A compliance officer searches the live system at once: the first search already sees every
                // message archived before it (the server commits its index on request), and it is audited
                // through the server's own journal writer.
                TestInstallation.Run search = searchFinds(installation, "lunch", "hello bob, lunch at noon?");
                assertTrue(search.out().contains("\"from\":\"alice@example.test\""), search.out());
                TestInstallation.Run blocked = searchFinds(installation, "action:block", "guaranteed returns");
                assertTrue(blocked.out().contains("\"rules\":[\"no-promises\"]"), blocked.out());
            });
            assertEquals(0, served.code(), served.err());

            List<Decision> messages = new ArrayList<>();
            DecisionCodec codec = new DecisionCodec();
            try (Stream<JournalRecord> records = JournalReader.open(installation.chain()).records(1)) {
                for (JournalRecord record : records.filter(r -> r.type() == RecordType.DECISION).toList()) {
                    Decision decision = codec.decode(record);
                    if (decision.event() instanceof ImEvent.Message) {
                        messages.add(decision);
                    }
                }
            }
            assertEquals(List.of("hello bob, lunch at noon?", "sure", "this fund has guaranteed returns"),
                    messages.stream().map(d -> ((ImEvent.Message) d.event()).body()).toList(),
                    "each message archived once, in order");
            Decision blocked = messages.get(2);
            assertEquals(new Verdict.Block("Blocked: do not promise returns."), blocked.verdict());
            assertEquals(List.of("no-promises"), blocked.matchedRules());
            assertEquals("alice@example.test", blocked.event() instanceof ImEvent.Message m ? m.sender().handle() : null);
            String segment = new String(Files.readAllBytes(installation.chain().resolve(firstSegment(installation.chain()))),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(segment.contains("lunch at noon"), "the segment is readable as searched");
            assertFalse(segment.contains(ProsodyServer.password("alice")), "no password in the archive");

            List<String> audited = new ArrayList<>();
            try (Stream<JournalRecord> records = JournalReader.open(installation.chain()).records(1)) {
                records.filter(r -> r.type() == RecordType.AUDIT)
                        .map(r -> new String(r.payload(), java.nio.charset.StandardCharsets.UTF_8))
                        .filter(json -> json.contains("\"search\""))
                        .forEach(audited::add);
            }
            assertTrue(audited.size() >= 2 && audited.get(0).contains("lunch"), "every search is audited: " + audited);

            TestInstallation.Run verify = installation.run("verify");
            assertEquals(0, verify.code(), verify.out() + verify.err());
        }
    }

    private static TestInstallation.Run searchFinds(TestInstallation installation, String query, String expected) {
        TestInstallation.Run run = installation.run("search", query, "--json");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains(expected), "'" + query + "' did not find '" + expected + "': " + run.out());
        assertFalse(run.err().contains("warning"), run.err());
        return run;
    }

    private static String firstSegment(Path chain) throws Exception {
        try (Stream<Path> files = Files.list(chain)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".seg")).sorted().findFirst()
                    .orElseThrow();
        }
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
