package org.imgate.server;

import org.imgate.archive.Journal;
import org.imgate.archive.JournalReader;
import org.imgate.archive.JournalRecord;
import org.imgate.archive.RecordType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The verbs an operator runs against a real archive: {@code serve} opens the journal and records its
 * start and stop, {@code verify} checks it and catches tampering, {@code keys export} prints the key
 * a third party verifies with, and a second writer is refused while a server runs.
 */
class WiredVerbsTest {
    private static final String POLICY = """
            version: wired-test-1
            rules:
              - id: no-secrets
                kind: keywords
                words: [secret]
                action: flag
            """;

    @TempDir
    Path dir;

    private TestInstallation installation;

    @BeforeEach
    void install() throws IOException {
        installation = new TestInstallation(dir, "archive:\n  checkpoint-every: 1\n", POLICY);
    }

    private TestInstallation.Run run(String... args) {
        return installation.run(args);
    }

    private TestInstallation.Run serve(TestInstallation.WhileServing whileServing) throws Exception {
        return installation.serve(whileServing);
    }

    private List<String> auditActions() throws Exception {
        Path chain = dir.resolve("data/journal/node-1");
        if (!Files.isDirectory(chain)) {
            return List.of();
        }
        try (Stream<JournalRecord> records = JournalReader.open(chain).records(1)) {
            return records.filter(r -> r.type() == RecordType.AUDIT)
                    .map(r -> new String(r.payload(), StandardCharsets.UTF_8))
                    .map(json -> json.replaceAll("(?s).*\"action\"\\s*:\\s*\"([^\"]+)\".*", "$1"))
                    .toList();
        }
    }

    @Test
    void serveRecordsItsStartAndStopAndVerifyVouchesForTheJournal() throws Exception {
        TestInstallation.Run served = serve(() -> {
            TestInstallation.Run whileServing = run("verify");
            assertEquals(0, whileServing.code(), "verify works while the server runs: " + whileServing.err());
        });
        assertEquals(0, served.code(), served.err());
        assertEquals(List.of("serve.start", "serve.stop"), auditActions());

        Path key = dir.resolve("data/keys/archive-signing-key.pem");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(key));

        TestInstallation.Run verify = run("verify");
        assertEquals(0, verify.code(), verify.out() + verify.err());
        assertTrue(verify.out().startsWith("journal OK: node node-1: "), verify.out());
        assertTrue(verify.out().contains("newest signed checkpoint vouches for seq"), verify.out());

        TestInstallation.Run export = run("keys", "export");
        assertEquals(0, export.code(), export.err());
        assertTrue(export.out().startsWith("-----BEGIN PUBLIC KEY-----"), export.out());
    }

    @Test
    void verifyReportsAChangedByteWithExitCode1() throws Exception {
        assertEquals(0, serve(() -> { }).code());
        Path segment;
        try (Stream<Path> files = Files.list(dir.resolve("data/journal/node-1"))) {
            segment = files.filter(f -> f.getFileName().toString().endsWith(".seg")).sorted().findFirst().orElseThrow();
        }
        try (RandomAccessFile file = new RandomAccessFile(segment.toFile(), "rw")) {
            long at = file.length() / 2;
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ 0x01);
        }
        TestInstallation.Run verify = run("verify");
        assertEquals(1, verify.code(), verify.out() + verify.err());
        assertTrue(verify.out().contains("PROBLEM: "), verify.out());
        assertTrue(verify.out().contains(segment.getFileName().toString()), "names the segment: " + verify.out());
        assertTrue(verify.out().contains("journal DAMAGED"), verify.out());
    }

    @Test
    void aSecondWriterIsRefusedWhileTheServerRuns() throws Exception {
        serve(() -> {
            TestInstallation.Run second = run("serve");
            assertEquals(2, second.code(), second.err());
            assertTrue(second.err().contains("in use"), second.err());
        });
        try (Journal reopened = Journal.open(new org.imgate.archive.JournalSettings(dir.resolve("data"), "node-1",
                null, null, null))) {
            assertTrue(reopened.lastSequence() > 0, "the journal survived the refused second start");
        }
    }

    @Test
    void anXmppPortInUseStopsServeNamingTheKey() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            TestInstallation busy = new TestInstallation(dir.resolve("busy"), """
                    xmpp:
                      listen: 127.0.0.1:%d
                      upstreams:
                        example.test: 127.0.0.1:15222
                    """.formatted(taken.getLocalPort()), TestInstallation.MINIMAL_POLICY);
            TestInstallation.Run serve = busy.run("serve");
            assertEquals(2, serve.code(), serve.err());
            assertTrue(serve.err().contains("xmpp.listen: cannot listen on 127.0.0.1:" + taken.getLocalPort()),
                    serve.err());
        }
    }

    @Test
    void verifyAndKeysExportExplainAnArchiveThatDoesNotExistYet() throws IOException {
        Files.createDirectories(dir.resolve("data/keys"));
        TestInstallation.Run verify = run("verify");
        assertEquals(2, verify.code());
        assertTrue(verify.err().contains("no archive public key here; has imgate serve ever run"), verify.err());
        TestInstallation.Run export = run("keys", "export");
        assertEquals(2, export.code());
        assertTrue(export.err().contains("imgate serve creates it on first start"), export.err());
    }

    @Test
    void verifyWithAForeignPublicKeyRejectsTheCheckpoints() throws Exception {
        assertEquals(0, serve(() -> { }).code());
        Path otherData = dir.resolve("other");
        try (Journal other = Journal.open(new org.imgate.archive.JournalSettings(otherData, "node-x", null, null, null))) {
            other.append(RecordType.AUDIT, "{}".getBytes(StandardCharsets.UTF_8));
        }
        Path foreignKey = otherData.resolve("keys/archive-signing-key.pub.pem");
        TestInstallation.Run verify = run("verify", "--public-key", foreignKey.toString());
        assertEquals(1, verify.code(), verify.out() + verify.err());
        assertTrue(verify.out().contains("UNTRUSTED_KEY"), verify.out());
    }
}
