package org.imgate.server;

import org.imgate.archive.JournalReader;
import org.imgate.archive.JournalRecord;
import org.imgate.archive.RecordType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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

    private TestInstallation installation;

    @BeforeEach
    void install() throws IOException {
        installation = new TestInstallation(dir, "", TestInstallation.MINIMAL_POLICY);
    }

    private TestInstallation.Run run(String... args) {
        return installation.run(args);
    }

    private List<JournalRecord> records(RecordType type) throws Exception {
        try (Stream<JournalRecord> all = JournalReader.open(dir.resolve("data/journal/node-1")).records(1)) {
            return all.filter(r -> r.type() == type).toList();
        }
    }

    @Test
    void holdsPlacedWhileNoServerRunsAreJournalRecords() throws Exception {
        TestInstallation.Run placed = run("hold", "place", "--id", "SEC-2026-17", "--handle", "alice@example.test",
                "--from", "2003-09-01", "--until", "2003-10-16", "--reason", "SEC inquiry 17");
        assertEquals(0, placed.code(), placed.err());
        assertTrue(placed.out().startsWith("legal hold SEC-2026-17 placed on alice@example.test"), placed.out());

        TestInstallation.Run list = run("hold", "list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("SEC-2026-17\talice@example.test\t2003-09-01T00:00:00Z .. 2003-10-16T00:00:00Z"),
                list.out());

        TestInstallation.Run released = run("hold", "release", "SEC-2026-17", "--reason", "inquiry closed");
        assertEquals(0, released.code(), released.err());
        assertEquals("no legal holds in force\n", run("hold", "list").out());
        assertEquals(1, records(RecordType.LEGAL_HOLD).size());
        assertEquals(1, records(RecordType.LEGAL_HOLD_RELEASE).size());
        assertEquals(0, run("verify").code(), "the journal the commands wrote verifies");
    }

    @Test
    void holdsGoThroughTheRunningServerWhichRecordsTheCallersIdentity() throws Exception {
        Path socket = dir.resolve("data/state/admin/admin.sock");
        TestInstallation.Run served = installation.serve(() -> {
            assertEquals(PosixFilePermissions.fromString("rwx------"),
                    Files.getPosixFilePermissions(socket.getParent()), "only the server's user may reach the socket");
            holdsThroughTheServer();
        });
        assertEquals(0, served.code(), served.err());
        assertTrue(!Files.exists(socket), "the socket goes with the server");
        assertEquals(1, records(RecordType.LEGAL_HOLD).size(), "one hold, written by the server's writer");
        assertEquals("M-1", run("hold", "list").out().split("\t")[0], "the hold outlives the server");
    }

    private void holdsThroughTheServer() {

        TestInstallation.Run placed = run("hold", "place", "--id", "M-1", "--handle", "bob@example.test", "--reason", "litigation");
        assertEquals(0, placed.code(), "a running server takes the hold instead of refusing: " + placed.err());
        TestInstallation.Run duplicate = run("hold", "place", "--id", "M-1", "--handle", "bob@example.test", "--reason", "again");
        assertEquals(2, duplicate.code());
        assertTrue(duplicate.err().contains("already in force"), duplicate.err());
        TestInstallation.Run unknown = run("hold", "release", "M-404", "--reason", "typo");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("no active legal hold 'M-404'"), unknown.err());
        TestInstallation.Run list = run("hold", "list");
        assertTrue(list.out().contains("M-1\tbob@example.test"), list.out());
        assertTrue(list.out().contains("placed by " + System.getProperty("user.name")), list.out());
    }

    @Test
    void badTimesAreUsageErrors() {
        TestInstallation.Run backwards = run("hold", "place", "--id", "X", "--handle", "a@b", "--reason", "r",
                "--from", "2003-10-15", "--until", "2003-09-01");
        assertEquals(2, backwards.code());
        assertTrue(backwards.err().contains("--until must be after --from"), backwards.err());
        TestInstallation.Run garbled = run("hold", "place", "--id", "X", "--handle", "a@b", "--reason", "r", "--from", "last tuesday");
        assertEquals(2, garbled.code());
        assertTrue(garbled.err().contains("'last tuesday' is not a day"), garbled.err());
    }
}
