package org.imgate.server;

import org.imgate.policy.yaml.YamlBinder;
import org.imgate.policy.yaml.YamlException;
import org.imgate.server.cli.CliContext;
import org.imgate.server.config.ConfigLoader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the command line in-process, as an operator would type it, and checks what they would see. */
class ImgateCliTest {
    private static final String GOOD_CONFIG = """
            data-dir: data
            node-id: node-1
            xmpp:
              listen: 127.0.0.1:5222
              upstreams:
                example.test: 127.0.0.1:15222
            msn:
              listen: 127.0.0.1:1863
              upstream: 127.0.0.1:11863
            policy:
              file: conf/policy.yaml
            """;

    @TempDir
    Path dir;

    private final YamlBinder yaml = new YamlBinder();
    private final FakeBackends fake = new FakeBackends();
    private final ShutdownSignal shutdown = new ShutdownSignal();

    private record Run(int code, String out, String err) {
    }

    @BeforeEach
    void writeConfiguration() throws IOException {
        write("conf/imgate.yaml", GOOD_CONFIG);
        write("conf/policy.yaml", "rules: []\n");
    }

    private void write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private Run run(Backends backends, String... args) {
        CliContext context = new CliContext(dir, new ConfigLoader(yaml, () -> "test-host"), backends, shutdown);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new ImgateCli(context).execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private Run run(String... args) {
        return run(fake, args);
    }

    @Test
    void configCheckPrintsOkAndASummary() {
        Run run = run("config", "check");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("configuration OK: conf/imgate.yaml\n"), run.out());
        assertTrue(run.out().contains("node id:   node-1"), run.out());
        assertTrue(run.out().contains("data dir:  " + dir.resolve("data") + " (does not exist yet; serve creates it)"), run.out());
        assertTrue(run.out().contains("xmpp:      listen 127.0.0.1:5222, upstreams example.test -> 127.0.0.1:15222"), run.out());
        assertTrue(run.out().contains("msn:       listen 127.0.0.1:1863, upstream 127.0.0.1:11863"), run.out());
        assertTrue(run.out().contains("policy:    " + dir.resolve("conf/policy.yaml") + ": 3 rules"), run.out());
        assertEquals("", run.err());
        assertFalse(run.out().contains("warning"), run.out());
    }

    @Test
    void configCheckWarnsWhenMessagesMayPassUnarchived() throws IOException {
        write("conf/imgate.yaml", GOOD_CONFIG + "archive:\n  failure-mode: open\n");
        Run run = run("config", "check");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("warning:   archive.failure-mode is open"), run.out());
    }

    @Test
    void configCheckWithTheRealWiringLoadsThePolicyRules() throws IOException {
        write("conf/policy.yaml", """
                version: test-1
                rules:
                  - id: no-secrets
                    kind: keywords
                    words: [secret]
                    action: flag
                """);
        Run run = run(new Wiring(yaml), "config", "check", "--config", "conf/imgate.yaml");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("conf/policy.yaml: version test-1, 1 rule"), run.out());
    }

    @Test
    void configCheckWithTheRealWiringNamesTheLineOfAPolicyMistake() throws IOException {
        write("conf/policy.yaml", """
                version: test-1
                rules:
                  - id: no-secrets
                    kind: keywords
                    words: [secret]
                    action: explode
                """);
        Run run = run(new Wiring(yaml), "config", "check", "--config", "conf/imgate.yaml");
        assertEquals(2, run.code(), run.out());
        assertTrue(run.err().startsWith(dir.resolve("conf/policy.yaml") + ":6: rules[0].action"), run.err());
    }

    @Test
    void configCheckOnATypoExits2NamingFileLineAndKey() throws IOException {
        write("conf/imgate.yaml", "data-dir: data\nnode-id: node-1\narchive:\n  retension: P7Y\n");
        Run run = run("config", "check");
        assertEquals(2, run.code());
        assertEquals("", run.out(), "nothing claims success");
        assertTrue(run.err().startsWith("conf/imgate.yaml:4: archive.retension: unknown key 'retension'"), run.err());
        assertEquals(1, run.err().lines().count(), "one line, no stack trace: " + run.err());
    }

    @Test
    void configCheckOnAMissingFileExits2() {
        Run run = run("config", "check", "--config", "conf/other.yaml");
        assertEquals(2, run.code());
        assertTrue(run.err().startsWith("conf/other.yaml: no such file"), run.err());
    }

    @Test
    void brokenOrMissingPolicyFileExits2NamingIt() throws IOException {
        write("conf/policy.yaml", "rules:\n  - name: x\n   phrases: [a\n");
        Run broken = run(new Wiring(yaml), "config", "check");
        assertEquals(2, broken.code());
        assertTrue(broken.err().startsWith(dir.resolve("conf/policy.yaml") + ":"), broken.err());
        assertEquals("", broken.out());

        Files.delete(dir.resolve("conf/policy.yaml"));
        Run missing = run(new Wiring(yaml), "config", "check");
        assertEquals(2, missing.code());
        assertEquals("conf/imgate.yaml: policy.file: " + dir.resolve("conf/policy.yaml") + " does not exist\n", missing.err());

        write("conf/policy.yaml", "rules: []\n");
        fake.policyError = new YamlException(Path.of("conf/policy.yaml"), 7, "rules[1].action", "unknown action 'zap'", null);
        Run rejected = run("config", "check");
        assertEquals(2, rejected.code());
        assertEquals("conf/policy.yaml:7: rules[1].action: unknown action 'zap'\n", rejected.err());
    }

    @Test
    void missingUpstreamTrustFileIsNamedByItsKey() throws IOException {
        write("conf/imgate.yaml", GOOD_CONFIG.replace("xmpp:\n", "xmpp:\n  upstream-trust: [certs/ca.pem, certs/corp.pem]\n"));
        write("certs/ca.pem", "-----BEGIN CERTIFICATE-----\n");
        Run run = run("config", "check");
        assertEquals(2, run.code(), run.out());
        assertEquals("conf/imgate.yaml: xmpp.upstream-trust[1]: " + dir.resolve("certs/corp.pem") + " does not exist\n", run.err());

        write("certs/corp.pem", "-----BEGIN CERTIFICATE-----\n");
        Run ok = run("config", "check");
        assertEquals(0, ok.code(), ok.err());
        assertTrue(ok.out().contains("2 extra upstream trust file(s)"), ok.out());
    }

    @Test
    void dataDirThatIsAFileIsAConfigurationError() throws IOException {
        write("data", "not a directory");
        Run run = run("config", "check");
        assertEquals(2, run.code());
        assertEquals("data-dir " + dir.resolve("data") + " is not a directory\n", run.err());
    }

    @Test
    void unknownVerbAndUnknownOptionExit2WithAHint() {
        Run verb = run("frobnicate");
        assertEquals(2, verb.code());
        assertTrue(verb.err().startsWith("imgate: unknown verb 'frobnicate'\n"), verb.err());
        assertTrue(verb.err().contains("Try 'imgate --help'."), verb.err());

        Run option = run("config", "check", "--bogus");
        assertEquals(2, option.code());
        assertTrue(option.err().contains("--bogus"), option.err());
        assertTrue(option.err().contains("Try 'imgate config check --help'."), option.err());

        Run typo = run("verfy");
        assertEquals(2, typo.code());
        assertEquals("imgate: unknown verb 'verfy'\nDid you mean: verify?\nTry 'imgate --help'.\n", typo.err());
        Run subTypo = run("config", "chek");
        assertEquals(2, subTypo.code());
        assertEquals("imgate config: unknown verb 'chek'\nDid you mean: check?\nTry 'imgate config --help'.\n", subTypo.err());

        Run noVerb = run();
        assertEquals(2, noVerb.code());
        Run noSubVerb = run("keys");
        assertEquals(2, noSubVerb.code());
        assertTrue(noSubVerb.err().contains("imgate keys --help"), noSubVerb.err());
    }

    @Test
    void helpExits0AndListsVerbsAndOptions() {
        Run top = run("--help");
        assertEquals(0, top.code());
        for (String verb : List.of("serve", "config", "verify", "keys")) {
            assertTrue(top.out().contains(verb), verb + " missing from: " + top.out());
        }
        for (String[] verb : List.of(new String[] {"serve", "--help"}, new String[] {"config", "check", "--help"},
                new String[] {"verify", "--help"}, new String[] {"keys", "export", "--help"})) {
            Run help = run(verb);
            assertEquals(0, help.code(), String.join(" ", verb));
            assertTrue(help.out().contains("--config=FILE"), help.out());
            assertTrue(help.out().contains("conf/imgate.yaml"), "shows the default: " + help.out());
        }
        assertNull(fake.started.get(), "help starts nothing");
    }

    @Test
    void verifyExits0WhenIntactAnd1WithEveryProblem() throws IOException {
        Files.createDirectories(dir.resolve("data/journal"));
        Run intact = run("verify");
        assertEquals(0, intact.code(), intact.err());
        assertEquals("journal OK: 2 segments, 120 records, 1 chain, 3 checkpoints\n", intact.out());

        fake.report = new JournalReport("2 segments, 120 records",
                List.of("segment 000002 record 17: hash chain broken", "checkpoint 3: bad signature"));
        Run damaged = run("verify");
        assertEquals(1, damaged.code());
        assertEquals("PROBLEM: segment 000002 record 17: hash chain broken\n"
                + "PROBLEM: checkpoint 3: bad signature\n"
                + "journal DAMAGED: 2 segments, 120 records\n", damaged.out());
    }

    @Test
    void aFailureInsideImgateExits70AndIsNotMistakenForADamagedJournal() throws IOException {
        Files.createDirectories(dir.resolve("data/journal"));
        fake.verifyFailure = new IllegalStateException("segment reader crashed");
        Run run = run("verify");
        assertEquals(70, run.code());
        assertEquals("", run.out(), "no verdict on the journal");
        assertTrue(run.err().startsWith("imgate verify: internal error: java.lang.IllegalStateException: segment reader crashed\n"),
                run.err());
        assertTrue(run.err().contains("\tat org.imgate.server.ImgateCliTest"), "stack trace for the bug report: " + run.err());
    }

    @Test
    void verifyAndKeysExportNeedAnExistingDataDirectory() {
        for (String[] verb : List.of(new String[] {"verify"}, new String[] {"keys", "export"})) {
            Run run = run(verb);
            assertEquals(2, run.code(), String.join(" ", verb));
            assertTrue(run.err().startsWith("data-dir " + dir.resolve("data") + " does not exist"), run.err());
            assertFalse(Files.exists(dir.resolve("data")), "a reading verb never creates the data directory");
        }
    }

    @Test
    void keysExportPrintsThePem() throws IOException {
        Files.createDirectories(dir.resolve("data/keys"));
        Run run = run("keys", "export");
        assertEquals(0, run.code(), run.err());
        assertEquals(fake.pem, run.out());
    }

    @Test
    void serveCreatesTheDataLayoutRunsUntilSignalledAndClosesEverything() throws Exception {
        CompletableFuture<Run> serving = CompletableFuture.supplyAsync(() -> run("serve"));
        assertTrue(fake.startedLatch.await(10, TimeUnit.SECONDS), "serve started the backends");
        assertEquals("node-1", fake.started.get().nodeId());
        for (String child : List.of("journal", "index", "keys", "state")) {
            assertTrue(Files.isDirectory(dir.resolve("data").resolve(child)), child);
        }
        assertEquals(PosixFilePermissions.fromString("rwx------"),
                Files.getPosixFilePermissions(dir.resolve("data/keys")), "keys/ is owner-only");
        assertFalse(serving.isDone(), "serve keeps running until told to stop");
        assertEquals(1, fake.closed.getCount());

        shutdown.request();
        Run run = serving.get(10, TimeUnit.SECONDS);
        assertEquals(0, run.code(), run.err());
        assertEquals(0, fake.closed.getCount(), "what serve started is closed");
        assertTrue(shutdown.awaitStopped(Duration.ZERO), "the shutdown hook may let the JVM go");
    }

    @Test
    void serveWithABadConfigurationStartsNothing() throws IOException {
        write("conf/imgate.yaml", "node-id: node-1\nmsn:\n  listen: 1863\n");
        Run run = run("serve");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("conf/imgate.yaml:3: msn.listen:"), run.err());
        assertNull(fake.started.get());
        assertFalse(Files.exists(dir.resolve("data")));
        assertTrue(shutdown.awaitStopped(Duration.ZERO), "a failed serve does not hold up JVM exit");
    }

    @Test
    void serveWithoutItsPolicyFileStartsNothing() throws IOException {
        Files.delete(dir.resolve("conf/policy.yaml"));
        Run run = run("serve");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("conf/imgate.yaml: policy.file: " + dir.resolve("conf/policy.yaml") + " does not exist"), run.err());
        assertNull(fake.started.get());
    }
}
