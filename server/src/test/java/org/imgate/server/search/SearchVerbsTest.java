package org.imgate.server.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.imgate.archive.ArchiveConfig;
import org.imgate.archive.Journal;
import org.imgate.archive.JournalReader;
import org.imgate.archive.JournalRecord;
import org.imgate.archive.JournalSettings;
import org.imgate.archive.RecordType;
import org.imgate.core.Decision;
import org.imgate.core.Direction;
import org.imgate.core.ImEvent;
import org.imgate.core.Network;
import org.imgate.core.Participant;
import org.imgate.core.SessionId;
import org.imgate.core.Verdict;
import org.imgate.policy.yaml.YamlBinder;
import org.imgate.server.Wiring;
import org.imgate.server.ImgateCli;
import org.imgate.server.ShutdownSignal;
import org.imgate.server.cli.CliContext;
import org.imgate.server.config.ConfigLoader;
import org.imgate.server.config.ImgateConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code imgate search}, {@code conversation} and {@code reindex} in-process against a real journal
 * and index in a temporary data directory, and checks what an operator would see and what the journal
 * keeps of it.
 */
class SearchVerbsTest {
    private static final String CONFIG = """
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
    private static final Participant ALICE = new Participant("alice@corp.example", "alice");
    private static final Participant BOB = Participant.of("bob@partner.example");
    private static final Participant CAROL = new Participant("carol@corp.example", "carol");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    @BeforeEach
    void archiveSomeConversations() throws Exception {
        write("conf/imgate.yaml", CONFIG);
        write("conf/policy.yaml", "version: t\nrules: []\n");
        try (Journal journal = openJournal()) {
            append(journal, message("2003-09-18T10:00:00Z", Network.MSN, "c-merger", ALICE, BOB,
                    "The merger with Contoso closes in October.", Verdict.allow(), List.of()));
            append(journal, message("2003-09-18T10:01:00Z", Network.MSN, "c-merger", BOB, ALICE,
                    "Keep the merger quiet until the announcement", Verdict.allow(), List.of()));
            append(journal, message("2003-09-18T10:02:00Z", Network.MSN, "c-merger", ALICE, BOB,
                    "Sure. The acquisition stays confidential.", new Verdict.Flag("keyword acquisition"),
                    List.of("watch-acquisition")));
            append(journal, message("2003-10-15T23:30:00Z", Network.XMPP, "c-lunch", ALICE, CAROL,
                    "Lunch at noon? Bring the merger numbers", Verdict.allow(), List.of()));
        }
    }

    private Journal openJournal() throws IOException {
        return Journal.open(new JournalSettings(dir.resolve("data"), "node-1", ArchiveConfig.defaults(), null, null));
    }

    private static void append(Journal journal, Decision decision) throws Exception {
        journal.record(decision).get(10, TimeUnit.SECONDS);
    }

    private static Decision message(String time, Network network, String conversation, Participant from,
                                    Participant to, String body, Verdict verdict, List<String> rules) {
        Direction direction = to.employee() != null ? Direction.INTERNAL : Direction.EXTERNAL;
        ImEvent.Message m = new ImEvent.Message(new SessionId("s-" + from.handle()), network, Instant.parse(time),
                conversation, from, List.of(to), body, "text/plain", direction, "m-" + time, null);
        return new Decision(m, verdict, rules);
    }

    private void write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private Run run(String... args) {
        CliContext context = new CliContext(dir, new ConfigLoader(new YamlBinder(), () -> "test-host"),
                new Wiring(new YamlBinder()), new ShutdownSignal());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new ImgateCli(context).execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private List<JsonNode> audits() throws Exception {
        List<JsonNode> audits = new ArrayList<>();
        try (Stream<JournalRecord> records = JournalReader.open(dir.resolve("data/journal/node-1")).records(1)) {
            for (JournalRecord r : records.filter(r -> r.type() == RecordType.AUDIT).toList()) {
                audits.add(JSON.readTree(r.payload()));
            }
        }
        return audits;
    }

    private static List<JsonNode> jsonLines(String out) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    @Test
    void searchPrintsTimeNetworkParticipantsActionAndAMarkedSnippetNewestFirst() {
        Run run = run("search", "merger");
        assertEquals(0, run.code(), run.err());
        String[] lines = run.out().split("\n");
        assertEquals("2003-10-15T23:30:00Z  xmpp  alice@corp.example (alice) -> carol@corp.example (carol)  allow"
                + "  seq 4  conversation c-lunch", lines[0]);
        assertEquals("    Bring the [merger] numbers", lines[1]);
        assertTrue(run.out().contains("2003-09-18T10:00:00Z  msn  alice@corp.example (alice) -> bob@partner.example"
                + "  allow  seq 1  conversation c-merger\n    The [merger] with Contoso closes in October."), run.out());
        assertTrue(run.out().endsWith("3 of 3 hits\n"), run.out());
    }

    @Test
    void searchShowsTheVerdictAndRulesAndHonoursTheLimit() {
        Run flagged = run("search", "acquisition");
        assertTrue(flagged.out().contains("  flag (watch-acquisition)  seq 3"), flagged.out());
        Run limited = run("search", "--limit", "1", "merger");
        assertEquals(0, limited.code(), limited.err());
        assertTrue(limited.out().contains("seq 4"), limited.out());
        assertFalse(limited.out().contains("seq 2"), limited.out());
        assertTrue(limited.out().contains("1 of 3 hits (--limit N shows more)"), limited.out());
    }

    @Test
    void jsonPrintsOneObjectPerHitWithTheFieldsScriptsNeed() throws Exception {
        Run run = run("search", "--json", "merger OR acquisition");
        assertEquals(0, run.code(), run.err());
        List<JsonNode> hits = jsonLines(run.out());
        assertEquals(List.of(4L, 3L, 2L, 1L), hits.stream().map(h -> h.get("seq").asLong()).toList());
        JsonNode flagged = hits.get(1);
        assertEquals("2003-09-18T10:02:00Z", flagged.get("time").asText());
        assertEquals("msn", flagged.get("network").asText());
        assertEquals("c-merger", flagged.get("conversation").asText());
        assertEquals("alice@corp.example", flagged.get("from").asText());
        assertEquals("bob@partner.example", flagged.get("to").get(0).asText());
        assertEquals("Sure. The acquisition stays confidential.", flagged.get("body").asText());
        assertEquals("flag", flagged.get("action").asText());
        assertEquals("watch-acquisition", flagged.get("rules").get(0).asText());
        assertEquals("The [acquisition] stays confidential.", flagged.get("snippet").asText());
    }

    @Test
    void facetsCountHitsByParticipantNetworkAndDay() throws Exception {
        Run text = run("search", "--facets", "merger");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("networks:     msn 2, xmpp 1\n"), text.out());
        assertTrue(text.out().contains("days:         2003-09-18 2, 2003-10-15 1\n"), text.out());
        assertTrue(text.out().contains("participants: alice"), text.out());

        Run json = run("search", "--json", "--facets", "merger");
        List<JsonNode> lines = jsonLines(json.out());
        assertEquals(4, lines.size());
        JsonNode facets = lines.get(3).get("facets");
        assertEquals("msn", facets.get("networks").get(0).get("value").asText());
        assertEquals(2, facets.get("networks").get(0).get("count").asLong());
        assertEquals(3, facets.get("days").get(0).get("count").asLong() + facets.get("days").get(1).get("count").asLong());
    }

    @Test
    void relevanceSortPutsTheBestMatchFirst() throws Exception {
        Run run = run("search", "--json", "--sort", "relevance", "merger quiet");
        assertEquals(0, run.code(), run.err());
        assertEquals(2L, jsonLines(run.out()).get(0).get("seq").asLong());
        assertEquals(2, run("search", "--sort", "size", "merger").code());
    }

    @Test
    void aMalformedQueryExitsTwoNamingTheColumnWithACaret() {
        Run run = run("search", "merger form:alice");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("query error at column 8: "), run.err());
        assertTrue(run.err().contains("merger form:alice\n       ^"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void conversationPrintsEveryRecordOldestFirst() throws Exception {
        Run run = run("conversation", "--json", "c-merger");
        assertEquals(0, run.code(), run.err());
        assertEquals(List.of(1L, 2L, 3L), jsonLines(run.out()).stream().map(h -> h.get("seq").asLong()).toList());
        Run text = run("conversation", "c-merger");
        assertTrue(text.out().indexOf("The merger with Contoso") < text.out().indexOf("Keep the merger quiet"),
                text.out());
        assertTrue(text.out().indexOf("Keep the merger quiet") < text.out().indexOf("stays confidential"));
        Run unknown = run("conversation", "c-nothing");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("no record of conversation 'c-nothing'"), unknown.err());
    }

    @Test
    void everySearchAndConversationViewIsAuditedInTheJournal() throws Exception {
        assertEquals(0, run("search", "--limit", "5", "merger").code());
        assertEquals(0, run("conversation", "c-lunch").code());
        assertEquals(2, run("search", "form:x").code());
        List<JsonNode> audits = audits();
        assertEquals(3, audits.size(), audits.toString());
        JsonNode search = audits.get(0);
        assertEquals(System.getProperty("user.name"), search.get("actor").asText());
        assertEquals("search", search.get("action").asText());
        assertEquals("merger", search.get("details").get("query").asText());
        assertEquals("3", search.get("details").get("hits").asText());
        assertEquals("5", search.get("details").get("limit").asText());
        assertTrue(search.hasNonNull("time"));
        JsonNode conversation = audits.get(1);
        assertEquals("conversation", conversation.get("action").asText());
        assertEquals("c-lunch", conversation.get("details").get("conversation").asText());
        assertEquals("1", conversation.get("details").get("hits").asText());
        assertTrue(audits.get(2).get("details").get("hits").asText().startsWith("invalid query"));
    }

    @Test
    void withTheJournalHeldByAServerNothingIsSearchedUnaudited() throws Exception {
        try (Journal running = openJournal()) {
            Run search = run("search", "merger");
            assertEquals(2, search.code());
            assertTrue(search.err().contains("is in use by a running 'imgate serve'"), search.err());
            assertTrue(search.err().contains("searches must go through the running server"), search.err());
            assertEquals("", search.out());
            Run conversation = run("conversation", "c-merger");
            assertEquals(2, conversation.code());
            assertEquals("", conversation.out());
            Run reindex = run("reindex");
            assertEquals(2, reindex.code());
            assertTrue(reindex.err().contains("stop it first"), reindex.err());
        }
        assertTrue(audits().isEmpty());
    }

    @Test
    void aMissingIndexIsRebuiltBeforeTheSearchAnswers() throws IOException {
        assertEquals(0, run("search", "merger").code());
        try (Stream<Path> walk = Files.walk(dir.resolve("data/index"))) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        Run again = run("search", "merger");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().endsWith("3 of 3 hits\n"), again.out());
    }

    @Test
    void reindexRebuildsFromTheJournalShowingProgress() throws Exception {
        Run run = run("reindex");
        assertEquals(0, run.code(), run.err());
        // closing the journal wrote a checkpoint after the four messages: five records
        assertTrue(run.err().contains("reindex: 100% (seq 5 of 5, 5 records read)"), run.err());
        assertTrue(run.out().startsWith("reindexed 5 journal records (seq 1-5), 4 decisions indexed, 0 unparseable"),
                run.out());
        assertEquals("3 of 3 hits", run("search", "merger").out().strip().lines().reduce((a, b) -> b).orElseThrow());
        assertEquals("reindex", audits().get(0).get("action").asText());
    }

    @Test
    void reindexCountsARecordItCannotParseAndStillIndexesTheRest() throws Exception {
        try (Journal journal = openJournal()) {
            journal.append(RecordType.DECISION, "{\"type\":".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
            append(journal, message("2003-10-16T08:00:00Z", Network.XMPP, "c-lunch", CAROL, ALICE,
                    "Noon works, merger numbers ready", Verdict.allow(), List.of()));
        }
        Run run = run("reindex");
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("1 journal record(s) could not be indexed"), run.err());
        assertTrue(run.out().contains("5 decisions indexed, 1 unparseable"), run.out());
        Run search = run("search", "merger");
        // 5 is the checkpoint of the first close, 6 the garbage
        assertTrue(search.out().contains("seq 7  conversation c-lunch\n    Noon works, [merger] numbers ready"),
                search.out());
        assertTrue(search.out().endsWith("4 of 4 hits\n"), search.out());
    }

    @Test
    void aDataDirectoryWithoutAJournalIsAClearConfigurationError() throws IOException {
        write("conf/imgate.yaml", CONFIG.replace("data-dir: data", "data-dir: elsewhere"));
        Run missing = run("search", "merger");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("data-dir " + dir.resolve("elsewhere") + " does not exist"), missing.err());
        Files.createDirectories(dir.resolve("elsewhere"));
        Run noJournal = run("search", "merger");
        assertEquals(2, noJournal.code());
        assertTrue(noJournal.err().contains("no journal for node 'node-1' at "
                + dir.resolve("elsewhere/journal/node-1")), noJournal.err());
    }
}
