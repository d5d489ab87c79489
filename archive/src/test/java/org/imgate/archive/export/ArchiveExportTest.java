package org.imgate.archive.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.imgate.archive.ArchiveConfig;
import org.imgate.archive.Journal;
import org.imgate.archive.JournalSettings;
import org.imgate.archive.RecordType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export API on real files: streaming one conversation at a time, refusing to overwrite, mboxrd
 * quoting, escaping, the manifest's hashes, and the checkpoint read from a real journal.
 */
class ArchiveExportTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T04:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static ExportedMessage message(long seq, String conversation, String from, String to, String body) {
        return new ExportedMessage("node-1", seq, Instant.parse("2003-09-18T10:00:00Z").plusSeconds(seq), "message",
                "msn", "s-1", conversation, from, null, List.of(to), "external", body, null, null, "allow", null,
                List.of(), "p-1", null, null);
    }

    @Test
    void eachConversationIsOnDiskCompleteBeforeTheNextIsFed() throws Exception {
        Path out = dir.resolve("out");
        try (ArchiveExport export = ArchiveExport.start(out, ExportFormat.EML, "node-1")) {
            export.write(List.of(message(1, "c-1", "alice@a.example", "bob@b.example", "first"),
                    message(2, "c-1", "bob@b.example", "alice@a.example", "second")));
            Path first = out.resolve("conversation-000001.eml");
            MimeMessage parsed = parse(Files.readAllBytes(first));
            assertEquals("c-1", parsed.getHeader("X-Imgate-Conversation", null));
            assertEquals("2", parsed.getHeader("X-Imgate-Seq-Last", null));
            assertFalse(Files.exists(out.resolve("conversation-000002.eml")));

            export.write(List.of(message(3, "c-2", "carol@a.example", "bob@b.example", "third")));
            ExportResult result = export.finish("q", "test", Optional.empty(), ExportCoverage.of(9, 9), CLOCK);
            assertEquals(2, result.manifest().conversations());
            assertEquals(3, result.manifest().messages());
            for (ExportedFile f : result.manifest().files()) {
                assertEquals(sha256(Files.readAllBytes(out.resolve(f.name()))), f.sha256());
            }
            byte[] manifest = Files.readAllBytes(out.resolve(ExportManifest.FILE_NAME));
            assertEquals(sha256(manifest), result.manifestHash());
            JsonNode json = JSON.readTree(manifest);
            assertEquals("2026-11-22T04:00:00Z", json.get("createdAt").asText());
            assertTrue(json.get("checkpoint").isNull());
            assertEquals(9, json.get("coverage").get("indexedThrough").asLong());
            assertTrue(json.get("coverage").get("complete").asBoolean(), "the search saw the whole journal");
        }
    }

    @Test
    void aConversationIdBeyondAsciiSurvivesTheMailHeader() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new ConversationMail().writeTo(List.of(message(9, "Übernahme-Gespräch", "a@x", "b@y", "Grüße")), out);
        MimeMessage parsed = parse(out.toByteArray());
        assertEquals("Übernahme-Gespräch",
                jakarta.mail.internet.MimeUtility.decodeText(parsed.getHeader("X-Imgate-Conversation", null)));
        for (byte b : out.toByteArray()) {
            assertTrue(b >= 0, "every header and body byte is 7-bit");
        }
    }

    @Test
    void aDirectoryHoldingAnythingIsRefusedAndLeftAlone() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("old.eml"), "evidence");
        ExportException e = assertThrows(ExportException.class,
                () -> ArchiveExport.start(out, ExportFormat.MBOX, "node-1"));
        assertTrue(e.getMessage().contains(out + " is not empty"), e.getMessage());
        assertEquals("evidence", Files.readString(out.resolve("old.eml")));

        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThrows(ExportException.class, () -> ArchiveExport.start(file, ExportFormat.JSON, "node-1"));
    }

    @Test
    void aRecordOfAnotherNodeIsRefused() throws Exception {
        try (ArchiveExport export = ArchiveExport.start(dir.resolve("out"), ExportFormat.JSON, "node-2")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> export.write(List.of(message(1, "c-1", "a@x", "b@y", "hi"))));
            assertTrue(e.getMessage().contains("seq 1 is from node node-1"), e.getMessage());
        }
    }

    @Test
    void mboxrdQuotesEveryFromLineAndOnlyThose() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MboxExportWriter.writeQuoted("From me\r\n>From you\r\nFromage\r\n From x\r\n".getBytes(StandardCharsets.US_ASCII),
                out);
        assertEquals(">From me\n>>From you\nFromage\n From x\n", out.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void theHtmlPartEscapesWhatWasSaid() {
        String html = ConversationText.html(List.of(message(1, "c-<1>", "a@x", "b@y", "<script>alert('x')</script> & co")));
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"), html);
        assertTrue(html.contains("c-&lt;1&gt;"), html);
        assertFalse(html.contains("<script>"), html);
    }

    @Test
    void aLineBreakInAHandleCannotForgeACpimHeader() throws Exception {
        String cpim = CpimExportWriter.render(message(7, "c-1", "mallory@x\r\nimgate.Action: allow", "b@y", "hi"));
        try (InputStream in = new ByteArrayInputStream(cpim.getBytes(StandardCharsets.UTF_8))) {
            new InternetHeaders(in);
            InternetHeaders headers = new InternetHeaders(in);
            assertEquals(1, headers.getHeader("imgate.Action").length);
            assertTrue(headers.getHeader("From", null).startsWith("<im:mallory@x"));
        }
    }

    @Test
    void theNewestCheckpointIsReadFromTheJournalWithTheKeyFingerprint() throws Exception {
        JournalSettings settings = new JournalSettings(dir.resolve("data"), "node-1", ArchiveConfig.defaults(), null,
                null);
        assertEquals(Optional.empty(), ExportCheckpoint.newest(Files.createDirectories(dir.resolve("fresh"))));
        try (Journal journal = Journal.open(settings)) {
            journal.append(RecordType.AUDIT, "{}".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
        }
        ExportCheckpoint checkpoint = ExportCheckpoint.newest(settings.journalDir()).orElseThrow();
        assertEquals("node-1", checkpoint.nodeId());
        assertEquals(1, checkpoint.seq());
        assertEquals(sha256(java.util.Base64.getDecoder().decode(checkpoint.publicKey())), checkpoint.keyFingerprint());

        Files.writeString(settings.journalDir().resolve("CHECKPOINT"), "{\"nodeId\":");
        ExportException e = assertThrows(ExportException.class, () -> ExportCheckpoint.newest(settings.journalDir()));
        assertTrue(e.getMessage().contains("CHECKPOINT is not valid"), e.getMessage());
    }

    private static MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
