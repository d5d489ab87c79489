package org.imgate.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.imgate.server.TestInstallation;
import org.imgate.archive.Journal;
import org.imgate.server.admin.AdminServer;
import org.imgate.server.admin.JournalArchiveWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code imgate export} while a server holds the journal: it reads the index and journal beside the
 * server and writes its audit record through the server's admin socket (a real Unix-domain socket),
 * so the export works without stopping the server and is still audited.
 */
class ExportWithRunningServerIT {
    @TempDir
    Path dir;

    @Test
    void anExportBesideARunningServerIsAuditedThroughIt() throws Exception {
        ExportFixture fixture = ExportFixture.archiveTwoConversations(dir);
        assertEquals(0, fixture.run("reindex").code(), "the running server keeps an index; build it first");
        TestInstallation.Run run;
        try (Journal journal = fixture.openJournal();
             AdminServer server = AdminServer.start(dir.resolve("data"), JournalArchiveWriter.sharing(journal))) {
            run = fixture.run("export", ExportFixture.ALL, "--format", "json", "--out", "case-17");
        }
        assertEquals(0, run.code(), run.err());
        assertEquals(4, Files.readAllLines(dir.resolve("case-17/messages.jsonl")).size());
        List<JsonNode> audits = fixture.audits();
        JsonNode export = audits.get(audits.size() - 1);
        assertEquals("export", export.get("action").asText());
        assertEquals("4", export.get("details").get("hits").asText());
        assertTrue(run.out().contains("sha256 " + export.get("details").get("manifestSha256").asText()), run.out());
    }
}
