package org.imgate.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.imgate.core.Network;
import org.imgate.core.Participant;
import org.imgate.core.Verdict;
import org.imgate.search.journal.IndexFreshness;
import org.imgate.search.journal.SearchService;
import org.imgate.search.lucene.LuceneIndexConfig;
import org.imgate.server.TestInstallation;
import org.imgate.archive.Journal;
import org.imgate.server.admin.AdminServer;
import org.imgate.server.admin.JournalArchiveWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code imgate export} while a server holds the journal: it reads the index and journal beside the
 * server and writes its audit record through the server's admin socket (a real Unix-domain socket),
 * so the export works without stopping the server and is still audited; and it asks the server to commit
 * its index first, so it sees a message archived a moment before.
 */
class ExportWithRunningServerIT {
    @TempDir
    Path dir;

    /** The journal's last record in {@link #besideALaggingServer}. */
    private long last;

    @Test
    void anExportBesideARunningServerIsAuditedThroughIt() throws Exception {
        ExportFixture fixture = ExportFixture.archiveTwoConversations(dir);
        assertEquals(0, fixture.run("reindex").code(), "the running server keeps an index; build it first");
        TestInstallation.Run run;
        // the server's index refreshes and commits on its own only every hour here: the export can see the
        // message archived just before it only because it asks the server for a commit first
        LuceneIndexConfig rarely = LuceneIndexConfig.defaults(dir.resolve("data/index"))
                .withIntervals(Duration.ofHours(1), Duration.ofHours(1));
        try (Journal journal = fixture.openJournal();
             SearchService search = SearchService.start(journal, rarely);
             AdminServer server = AdminServer.start(dir.resolve("data"), JournalArchiveWriter.sharing(journal),
                     () -> search.commitCurrent(Duration.ofSeconds(10)))) {
            // reindex's own audit record came after its index commit: let the server take it, as a server
            // does within moments of its start (an export during a catch-up says it may be incomplete)
            assertTrue(search.awaitHandled(journal.lastSequence(), Duration.ofSeconds(10)) && search.caughtUp());
            TestInstallation.record(journal, TestInstallation.message("2003-09-19T09:00:00Z", Network.MSN, "c-merger",
                    Participant.of("bob@partner.example"), new Participant("alice@corp.example", "alice"),
                    "Any news on the merger?", Verdict.allow(), List.of()));
            run = fixture.run("export", ExportFixture.ALL, "--format", "json", "--out", "case-17");
        }
        assertEquals(0, run.code(), run.err());
        List<String> exported = Files.readAllLines(dir.resolve("case-17/messages.jsonl"));
        assertEquals(5, exported.size(), "the four messages archived before the server started and the one archived"
                + " while it ran: " + exported);
        assertTrue(exported.stream().anyMatch(line -> line.contains("Any news on the merger?")), exported.toString());
        List<JsonNode> audits = fixture.audits();
        JsonNode export = audits.get(audits.size() - 1);
        assertEquals("export", export.get("action").asText());
        assertEquals("5", export.get("details").get("hits").asText());
        assertTrue(run.out().contains("sha256 " + export.get("details").get("manifestSha256").asText()), run.out());
        JsonNode coverage = ExportFixture.JSON.readTree(dir.resolve("case-17/manifest.json").toFile()).get("coverage");
        assertTrue(coverage.get("complete").asBoolean(), "the server's commit reached the journal's end: " + coverage);
    }

    @Test
    void anExportBesideAServerStillRebuildingItsIndexSaysInItsManifestWhatItMayLack() throws Exception {
        TestInstallation.Run run = besideALaggingServer("export", ExportFixture.ALL, "--format", "json", "--out", "case-18");
        assertEquals(0, run.code(), run.err());
        JsonNode coverage = ExportFixture.JSON.readTree(dir.resolve("case-18/manifest.json").toFile()).get("coverage");
        assertEquals(1, coverage.get("indexedThrough").asLong(), coverage.toString());
        assertEquals(last, coverage.get("journalThrough").asLong(), coverage.toString());
        assertEquals(false, coverage.get("complete").asBoolean(), "a regulator reading the manifest must see it");
        assertTrue(run.out().contains("note: the search index reached journal record 1 of " + last), run.out());
    }

    @Test
    void aSearchBesideAServerStillRebuildingItsIndexAnswersAndSaysWhatItMayLack() throws Exception {
        TestInstallation.Run run = besideALaggingServer("search", "merger", "--json");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("The merger with Contoso closes in October."), run.out());
        assertTrue(run.err().contains("warning: the running server's search index reaches journal record 1 of "
                + last), run.err());
        assertTrue(run.err().contains("the newest " + (last - 1) + " record(s) are not in these results yet"), run.err());
    }

    /** Runs the CLI beside a server whose index has reached only the first record, as while it rebuilds. */
    private TestInstallation.Run besideALaggingServer(String... args) throws Exception {
        ExportFixture fixture = ExportFixture.archiveTwoConversations(dir);
        assertEquals(0, fixture.run("reindex").code());
        try (Journal journal = fixture.openJournal()) {
            last = journal.lastSequence();
            try (AdminServer server = AdminServer.start(dir.resolve("data"), JournalArchiveWriter.sharing(journal),
                    () -> new IndexFreshness(1, last))) {
                return fixture.run(args);
            }
        }
    }
}
