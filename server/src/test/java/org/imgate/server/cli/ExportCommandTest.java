package org.imgate.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.imgate.server.TestInstallation;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code imgate export} in-process against a real journal and index in a temporary data
 * directory, parses every format back (Jakarta Mail for EML, mbox and the CPIM header blocks; Jackson
 * for JSON lines), recomputes every file's SHA-256 against the manifest, and checks the audit record.
 */
class ExportCommandTest {
    private static final String ALL = ExportFixture.ALL;
    private static final ObjectMapper JSON = ExportFixture.JSON;

    @TempDir
    Path dir;

    private ExportFixture fixture;

    @BeforeEach
    void archiveTwoConversations() throws Exception {
        fixture = ExportFixture.archiveTwoConversations(dir);
    }

    private TestInstallation.Run run(String... args) {
        return fixture.run(args);
    }

    private List<JsonNode> audits() throws Exception {
        return fixture.audits();
    }

    private void write(String name, String text) throws IOException {
        fixture.write(name, text);
    }

    /** Runs an export and checks what every format shares: the summary, the manifest, its hashes and the audit. */
    private JsonNode exportAndCheckManifest(String format, int files) throws Exception {
        TestInstallation.Run run = run("export", ALL, "--format", format, "--out", "case-17");
        assertEquals(0, run.code(), run.err());
        Path out = dir.resolve("case-17");
        byte[] manifestBytes = Files.readAllBytes(out.resolve("manifest.json"));
        String manifestHash = sha256(manifestBytes);
        assertTrue(run.out().startsWith("exported 4 record(s) in 2 conversation(s) as " + format), run.out());
        assertTrue(run.out().contains("sha256 " + manifestHash), run.out());

        JsonNode manifest = JSON.readTree(manifestBytes);
        assertEquals("imgate", manifest.get("tool").asText());
        assertEquals(ALL, manifest.get("query").asText());
        assertEquals(format, manifest.get("format").asText());
        assertEquals("node-1", manifest.get("nodeId").asText());
        assertEquals(1, manifest.get("seqFirst").asLong());
        assertEquals(4, manifest.get("seqLast").asLong());
        assertEquals(4, manifest.get("messages").asLong());
        assertEquals(files, manifest.get("files").size());
        long counted = 0;
        for (JsonNode f : manifest.get("files")) {
            byte[] bytes = Files.readAllBytes(out.resolve(f.get("name").asText()));
            assertEquals(sha256(bytes), f.get("sha256").asText(), f.toString());
            assertEquals(bytes.length, f.get("size").asLong());
            counted += f.get("messages").asLong();
        }
        assertEquals(4, counted);
        try (Stream<Path> listed = Files.list(out)) {
            assertEquals(files + 1, listed.count(), "the files in the manifest and the manifest itself, nothing else");
        }
        // closing the journal after the four messages signed them: the export names that checkpoint
        JsonNode checkpoint = manifest.get("checkpoint");
        assertEquals(4, checkpoint.get("seq").asLong());
        assertEquals(64, checkpoint.get("keyFingerprint").asText().length());
        assertFalse(checkpoint.get("signature").asText().isEmpty());

        JsonNode audit = audits().get(0);
        assertEquals("export", audit.get("action").asText());
        assertEquals(ALL, audit.get("details").get("query").asText());
        assertEquals(format, audit.get("details").get("format").asText());
        assertEquals("4", audit.get("details").get("hits").asText());
        assertEquals(out.toString(), audit.get("details").get("out").asText());
        assertEquals(manifestHash, audit.get("details").get("manifestSha256").asText());
        return manifest;
    }

    @Test
    void emlIsOneParseableMessagePerConversationWithSeqHeadersAndBothParts() throws Exception {
        JsonNode manifest = exportAndCheckManifest("eml", 2);
        Path out = dir.resolve("case-17");
        MimeMessage merger = parse(Files.readAllBytes(out.resolve(manifest.get("files").get(0).get("name").asText())));
        assertEquals("c-merger", merger.getHeader("X-Imgate-Conversation", null));
        assertEquals("1", merger.getHeader("X-Imgate-Seq-First", null));
        assertEquals("4", merger.getHeader("X-Imgate-Seq-Last", null));
        assertEquals("node-1", merger.getHeader("X-Imgate-Node", null));
        assertEquals("msn", merger.getHeader("X-Imgate-Network", null));
        assertEquals("alice@corp.example", merger.getFrom()[0].toString());
        assertEquals(List.of("bob@partner.example"), addresses(merger.getRecipients(Message.RecipientType.TO)));
        assertEquals(Instant.parse("2003-09-18T10:00:00Z"), merger.getSentDate().toInstant());
        assertTrue(merger.getSubject().contains("2003-09-18T10:00:00Z to 2003-09-18T10:02:00Z"), merger.getSubject());
        Multipart parts = (Multipart) merger.getContent();
        assertEquals(2, parts.getCount());
        String plain = (String) parts.getBodyPart(0).getContent();
        assertTrue(parts.getBodyPart(0).isMimeType("text/plain"));
        assertTrue(plain.contains("Keep the merger quiet"), plain);
        assertTrue(plain.contains("action flag rules watch-acquisition"), plain);
        assertTrue(plain.indexOf("closes in October") < plain.indexOf("stays confidential"), "oldest first");
        assertTrue(parts.getBodyPart(1).isMimeType("text/html"));

        MimeMessage lunch = parse(Files.readAllBytes(out.resolve(manifest.get("files").get(1).get("name").asText())));
        assertEquals("c-lunch", lunch.getHeader("X-Imgate-Conversation", null));
        assertEquals("2", lunch.getHeader("X-Imgate-Seq-First", null));
        String html = (String) ((Multipart) lunch.getContent()).getBodyPart(1).getContent();
        assertTrue(html.contains("Bring the &lt;b&gt;merger&lt;/b&gt; numbers &amp; charts"), html);
        assertFalse(html.contains("<b>merger"), html);
    }

    @Test
    void mboxHoldsBothConversationsWithFromLinesQuotedTheMboxrdWay() throws Exception {
        exportAndCheckManifest("mbox", 1);
        String mbox = Files.readString(dir.resolve("case-17/export.mbox"), StandardCharsets.UTF_8);
        List<String> messages = new ArrayList<>();
        for (String part : ("\n" + mbox).split("\nFrom ")) {
            if (!part.isEmpty()) {
                messages.add(part.substring(part.indexOf('\n') + 1));
            }
        }
        assertEquals(2, messages.size());
        assertTrue(mbox.contains("\n>From now on say nothing\n"), "a body line starting 'From ' is quoted");
        List<String> conversations = new ArrayList<>();
        for (String m : messages) {
            String unquoted = m.replaceAll("(?m)^>(>*From )", "$1");
            MimeMessage parsed = parse(unquoted.getBytes(StandardCharsets.UTF_8));
            conversations.add(parsed.getHeader("X-Imgate-Conversation", null));
            String plain = (String) ((Multipart) parsed.getContent()).getBodyPart(0).getContent();
            if ("c-merger".equals(parsed.getHeader("X-Imgate-Conversation", null))) {
                assertTrue(plain.contains("\nFrom now on say nothing"), plain);
            }
        }
        assertEquals(List.of("c-merger", "c-lunch"), conversations);
    }

    @Test
    void cpimIsOneRfc3862MessagePerRecord() throws Exception {
        JsonNode manifest = exportAndCheckManifest("cpim", 4);
        List<String> names = new ArrayList<>();
        manifest.get("files").forEach(f -> names.add(f.get("name").asText()));
        // oldest first by the time the proxy saw them: seq 2 (October) comes last
        assertEquals(List.of("message-1.cpim", "message-3.cpim", "message-4.cpim", "message-2.cpim"), names);
        try (InputStream in = Files.newInputStream(dir.resolve("case-17/message-4.cpim"))) {
            InternetHeaders mime = new InternetHeaders(in);
            assertEquals("Message/CPIM", mime.getHeader("Content-Type", null));
            InternetHeaders cpim = new InternetHeaders(in);
            assertEquals("<im:alice@corp.example>", cpim.getHeader("From", null));
            assertEquals("<im:bob@partner.example>", cpim.getHeader("To", null));
            assertEquals("2003-09-18T10:02:00Z", cpim.getHeader("DateTime", null));
            assertNotNull(cpim.getHeader("Subject", null));
            assertTrue(cpim.getHeader("NS", null).startsWith("imgate <"));
            assertEquals("4", cpim.getHeader("imgate.Seq", null));
            assertEquals("flag", cpim.getHeader("imgate.Action", null));
            assertEquals("watch-acquisition", cpim.getHeader("imgate.Rules", null));
            InternetHeaders inner = new InternetHeaders(in);
            assertEquals("text/plain; charset=utf-8", inner.getHeader("Content-Type", null));
            assertEquals("Sure. The acquisition stays confidential.",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void jsonIsOneLinePerRecordWithTheFieldsOfSearchJson() throws Exception {
        exportAndCheckManifest("json", 1);
        List<String> lines = Files.readAllLines(dir.resolve("case-17/messages.jsonl"), StandardCharsets.UTF_8);
        assertEquals(4, lines.size());
        List<Long> seqs = new ArrayList<>();
        for (String line : lines) {
            seqs.add(JSON.readTree(line).get("seq").asLong());
        }
        assertEquals(List.of(1L, 3L, 4L, 2L), seqs, "oldest first by the time the proxy saw them");
        JsonNode flagged = JSON.readTree(lines.get(2));
        assertEquals("node-1", flagged.get("node").asText());
        assertEquals("c-merger", flagged.get("conversation").asText());
        assertEquals("alice@corp.example", flagged.get("from").asText());
        assertEquals("bob@partner.example", flagged.get("to").get(0).asText());
        assertEquals("flag", flagged.get("action").asText());
        assertEquals("watch-acquisition", flagged.get("rules").get(0).asText());
        assertEquals(TestInstallation.DECIDING_POLICY, flagged.get("policy").asText(), "which policy decided");
        assertEquals("msn", flagged.get("network").asText());
        assertEquals("2003-09-18T10:02:00Z", flagged.get("time").asText());
    }

    @Test
    void aNonEmptyOutDirectoryIsRefusedAndLeftAsItWas() throws Exception {
        write("case-17/earlier-evidence.eml", "kept");
        TestInstallation.Run run = run("export", ALL, "--format", "eml", "--out", "case-17");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("is not empty"), run.err());
        try (Stream<Path> listed = Files.list(dir.resolve("case-17"))) {
            assertEquals(List.of("earlier-evidence.eml"), listed.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals("kept", Files.readString(dir.resolve("case-17/earlier-evidence.eml")));
    }

    @Test
    void aMalformedQueryExitsTwoWithACaretAndWritesNothing() throws Exception {
        TestInstallation.Run run = run("export", "merger form:alice", "--format", "json", "--out", "case-17");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("unknown filter 'form:'"), run.err());
        assertTrue(run.err().contains("^"), run.err());
        assertFalse(Files.exists(dir.resolve("case-17")));
        assertTrue(audits().get(0).get("details").get("hits").asText().startsWith("invalid query"));
    }

    @Test
    void aQueryWithoutHitsStillWritesAManifest() throws Exception {
        TestInstallation.Run run = run("export", "nothing-matches-this", "--format", "mbox", "--out", "empty");
        assertEquals(0, run.code(), run.err());
        JsonNode manifest = JSON.readTree(dir.resolve("empty/manifest.json").toFile());
        assertEquals(0, manifest.get("messages").asLong());
        assertEquals(sha256(new byte[0]), manifest.get("files").get(0).get("sha256").asText());
    }

    private static MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
    }

    private static List<String> addresses(Address[] addresses) {
        return Arrays.stream(addresses).map(Address::toString).toList();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
