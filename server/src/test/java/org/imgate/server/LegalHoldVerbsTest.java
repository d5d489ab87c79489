package org.imgate.server;

import org.imgate.archive.JournalReader;
import org.imgate.archive.JournalRecord;
import org.imgate.archive.RecordType;
import org.imgate.policy.yaml.YamlBinder;
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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A compliance officer places, lists and releases legal holds, with the server stopped (the command
 * writes the journal itself) and with it running (the command goes through the server's admin
 * channel and its single journal writer). Either way the hold is a journal record naming who placed it.
 */
class LegalHoldVerbsTest {
    @TempDir
    Path dir;

    private final YamlBinder yaml = new YamlBinder();

    private record Run(int code, String out, String err) {
    }

    @BeforeEach
    void writeConfiguration() throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/imgate.yaml"), """
                data-dir: data
                node-id: node-1
                xmpp:
                  listen: 127.0.0.1:5222
                msn:
                  listen: 127.0.0.1:1863
                policy:
                  file: conf/policy.yaml
                """, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("conf/policy.yaml"), "version: t\nrules: []\n", StandardCharsets.UTF_8);
    }

    private Run run(ShutdownSignal shutdown, String... args) {
        CliContext context = new CliContext(dir, new ConfigLoader(yaml, () -> "test-host"), new Wiring(yaml), shutdown);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new ImgateCli(context).execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private Run run(String... args) {
        return run(new ShutdownSignal(), args);
    }

    private List<JournalRecord> records(RecordType type) throws Exception {
        try (Stream<JournalRecord> all = JournalReader.open(dir.resolve("data/journal/node-1")).records(1)) {
            return all.filter(r -> r.type() == type).toList();
        }
    }

    @Test
    void holdsPlacedWhileNoServerRunsAreJournalRecords() throws Exception {
        Run placed = run("hold", "place", "--id", "SEC-2026-17", "--handle", "alice@example.test",
                "--from", "2003-09-01", "--until", "2003-10-16", "--reason", "SEC inquiry 17");
        assertEquals(0, placed.code(), placed.err());
        assertTrue(placed.out().startsWith("legal hold SEC-2026-17 placed on alice@example.test"), placed.out());

        Run list = run("hold", "list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("SEC-2026-17\talice@example.test\t2003-09-01T00:00:00Z .. 2003-10-16T00:00:00Z"),
                list.out());

        Run released = run("hold", "release", "SEC-2026-17", "--reason", "inquiry closed");
        assertEquals(0, released.code(), released.err());
        assertEquals("no legal holds in force\n", run("hold", "list").out());
        assertEquals(1, records(RecordType.LEGAL_HOLD).size());
        assertEquals(1, records(RecordType.LEGAL_HOLD_RELEASE).size());
        assertEquals(0, run("verify").code(), "the journal the commands wrote verifies");
    }

    @Test
    void holdsGoThroughTheRunningServerWhichRecordsTheCallersIdentity() throws Exception {
        ShutdownSignal shutdown = new ShutdownSignal();
        CompletableFuture<Run> serving = CompletableFuture.supplyAsync(() -> run(shutdown, "serve"));
        Path socket = dir.resolve("data/state/admin/admin.sock");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(socket) && !serving.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(socket), "the server opened its admin channel");
        assertEquals(PosixFilePermissions.fromString("rwx------"),
                Files.getPosixFilePermissions(socket.getParent()), "only the server's user may reach the socket");

        Run placed = run("hold", "place", "--id", "M-1", "--handle", "bob@example.test", "--reason", "litigation");
        assertEquals(0, placed.code(), "a running server takes the hold instead of refusing: " + placed.err());
        Run duplicate = run("hold", "place", "--id", "M-1", "--handle", "bob@example.test", "--reason", "again");
        assertEquals(2, duplicate.code());
        assertTrue(duplicate.err().contains("already in force"), duplicate.err());
        Run unknown = run("hold", "release", "M-404", "--reason", "typo");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("no active legal hold 'M-404'"), unknown.err());
        Run list = run("hold", "list");
        assertTrue(list.out().contains("M-1\tbob@example.test"), list.out());
        assertTrue(list.out().contains("placed by " + System.getProperty("user.name")), list.out());

        shutdown.request();
        assertEquals(0, serving.get(30, TimeUnit.SECONDS).code());
        assertTrue(!Files.exists(socket), "the socket goes with the server");
        assertEquals(1, records(RecordType.LEGAL_HOLD).size(), "one hold, written by the server's writer");
        assertEquals("M-1", run("hold", "list").out().split("\t")[0], "the hold outlives the server");
    }

    @Test
    void badTimesAreUsageErrors() {
        Run backwards = run("hold", "place", "--id", "X", "--handle", "a@b", "--reason", "r",
                "--from", "2003-10-15", "--until", "2003-09-01");
        assertEquals(2, backwards.code());
        assertTrue(backwards.err().contains("--until must be after --from"), backwards.err());
        Run garbled = run("hold", "place", "--id", "X", "--handle", "a@b", "--reason", "r", "--from", "last tuesday");
        assertEquals(2, garbled.code());
        assertTrue(garbled.err().contains("'last tuesday' is not a day"), garbled.err());
    }
}
