package org.imgate.server.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.imgate.archive.Journal;
import org.imgate.archive.RecordType;
import org.imgate.core.Network;
import org.imgate.core.Participant;
import org.imgate.core.Verdict;
import org.imgate.server.TestInstallation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.imgate.server.TestInstallation.message;

/**
 * Runs {@code imgate search}, {@code conversation} and {@code reindex} in-process against a real journal
 * and index in a temporary data directory, and checks what an operator would see and what the journal
 * keeps of it.
 */
class SearchVerbsTest {
    private static final Participant ALICE = new Participant("alice@corp.example", "alice");
    private static final Participant BOB = Participant.of("bob@partner.example");
    private static final Participant CAROL = new Participant("carol@corp.example", "carol");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private TestInstallation installation;

    @BeforeEach
    void archiveSomeConversations() throws Exception {
        installation = new TestInstallation(dir, "", "version: t\nrules: []\n");
        try (Journal journal = openJournal()) {
            TestInstallation.record(journal,
                    message("2003-09-18T10:00:00Z", Network.MSN, "c-merger", ALICE, BOB,
                            "The merger with Contoso closes in October.", Verdict.allow(), List.of()),
                    message("2003-09-18T10:01:00Z", Network.MSN, "c-merger", BOB, ALICE,
                            "Keep the merger quiet until the announcement", Verdict.allow(), List.of()),
                    message("2003-09-18T10:02:00Z", Network.MSN, "c-merger", ALICE, BOB,
                            "Sure. The acquisition stays confidential.", new Verdict.Flag("keyword acquisition"),
                            List.of("watch-acquisition")),
                    message("2003-10-15T23:30:00Z", Network.XMPP, "c-lunch", ALICE, CAROL,
                            "Lunch at noon? Bring the merger numbers", Verdict.allow(), List.of()));
        }
    }

    private Journal openJournal() throws IOException {
        return installation.openJournal();
    }

    private void write(String name, String text) throws IOException {
        installation.write(name, text);
    }

    private TestInstallation.Run run(String... args) {
        return installation.run(args);
    }

    private List<JsonNode> audits() throws Exception {
        return installation.audits();
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
        TestInstallation.Run run = run("search", "merger");
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
        TestInstallation.Run flagged = run("search", "acquisition");
        assertTrue(flagged.out().contains("  flag (watch-acquisition)  seq 3"), flagged.out());
        TestInstallation.Run limited = run("search", "--limit", "1", "merger");
        assertEquals(0, limited.code(), limited.err());
        assertTrue(limited.out().contains("seq 4"), limited.out());
        assertFalse(limited.out().contains("seq 2"), limited.out());
        assertTrue(limited.out().contains("1 of 3 hits (--limit N shows more)"), limited.out());
    }

    @Test
    void policyFindsWhatOneRevisionOfThePolicyDecided() throws Exception {
        TestInstallation.Run under = run("search", "--json", "policy:" + TestInstallation.DECIDING_POLICY);
        assertEquals(0, under.code(), under.err());
        assertEquals(4, jsonLines(under.out()).size(), under.out());
        TestInstallation.Run month = run("search", "--json", "policy:2003-09* acquisition");
        assertEquals(1, jsonLines(month.out()).size(), month.out());
        TestInstallation.Run other = run("search", "--json", "policy:2026-11-22.1");
        assertEquals(0, other.code(), other.err());
        assertEquals(0, jsonLines(other.out()).size(), other.out());
    }

    @Test
    void jsonPrintsOneObjectPerHitWithTheFieldsScriptsNeed() throws Exception {
        TestInstallation.Run run = run("search", "--json", "merger OR acquisition");
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
        assertEquals(TestInstallation.DECIDING_POLICY, flagged.get("policy").asText(), "which policy decided");
        assertEquals("The [acquisition] stays confidential.", flagged.get("snippet").asText());
    }

    @Test
    void facetsCountHitsByParticipantNetworkAndDay() throws Exception {
        TestInstallation.Run text = run("search", "--facets", "merger");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("networks:     msn 2, xmpp 1\n"), text.out());
        assertTrue(text.out().contains("days:         2003-09-18 2, 2003-10-15 1\n"), text.out());
        assertTrue(text.out().contains("participants: alice"), text.out());

        TestInstallation.Run json = run("search", "--json", "--facets", "merger");
        List<JsonNode> lines = jsonLines(json.out());
        assertEquals(4, lines.size());
        JsonNode facets = lines.get(3).get("facets");
        assertEquals("msn", facets.get("networks").get(0).get("value").asText());
        assertEquals(2, facets.get("networks").get(0).get("count").asLong());
        assertEquals(3, facets.get("days").get(0).get("count").asLong() + facets.get("days").get(1).get("count").asLong());
    }

    @Test
    void relevanceSortPutsTheBestMatchFirst() throws Exception {
        TestInstallation.Run run = run("search", "--json", "--sort", "relevance", "merger quiet");
        assertEquals(0, run.code(), run.err());
        assertEquals(2L, jsonLines(run.out()).get(0).get("seq").asLong());
        assertEquals(2, run("search", "--sort", "size", "merger").code());
    }

    @Test
    void aMalformedQueryExitsTwoNamingTheColumnWithACaret() {
        TestInstallation.Run run = run("search", "merger form:alice");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("query error at column 8: "), run.err());
        assertTrue(run.err().contains("merger form:alice\n       ^"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void conversationPrintsEveryRecordOldestFirst() throws Exception {
        TestInstallation.Run run = run("conversation", "--json", "c-merger");
        assertEquals(0, run.code(), run.err());
        assertEquals(List.of(1L, 2L, 3L), jsonLines(run.out()).stream().map(h -> h.get("seq").asLong()).toList());
        TestInstallation.Run text = run("conversation", "c-merger");
        assertTrue(text.out().indexOf("The merger with Contoso") < text.out().indexOf("Keep the merger quiet"),
                text.out());
        assertTrue(text.out().indexOf("Keep the merger quiet") < text.out().indexOf("stays confidential"));
        TestInstallation.Run unknown = run("conversation", "c-nothing");
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
            TestInstallation.Run search = run("search", "merger");
            assertEquals(2, search.code());
            assertTrue(search.err().contains("is in use by a running 'imgate serve'"), search.err());
            assertTrue(search.err().contains("searches must go through the running server"), search.err());
            assertEquals("", search.out());
            TestInstallation.Run conversation = run("conversation", "c-merger");
            assertEquals(2, conversation.code());
            assertEquals("", conversation.out());
            TestInstallation.Run reindex = run("reindex");
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
        TestInstallation.Run again = run("search", "merger");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().endsWith("3 of 3 hits\n"), again.out());
    }

    @Test
    void anIndexDirElsewhereHoldsTheIndexThatSearchAndReindexUse() throws Exception {
        write("conf/imgate.yaml", TestInstallation.BASE_CONFIG + "search:\n  index-dir: fast-disk/imgate-index\n");
        TestInstallation.Run search = run("search", "merger");
        assertEquals(0, search.code(), search.err());
        assertTrue(search.out().endsWith("3 of 3 hits\n"), search.out());
        assertTrue(Files.exists(dir.resolve("fast-disk/imgate-index/write.lock")), "the index is at search.index-dir");
        assertTrue(Files.notExists(dir.resolve("data/index")) || isEmpty(dir.resolve("data/index")),
                "nothing is indexed under data-dir");
        assertEquals(0, run("reindex").code());
        try (Stream<Path> files = Files.list(dir.resolve("fast-disk/imgate-index"))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("segments_")),
                    "reindex committed at search.index-dir");
        }
        assertTrue(run("search", "merger").out().endsWith("3 of 3 hits\n"));
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.findAny().isEmpty();
        }
    }

    @Test
    void reindexRebuildsFromTheJournalShowingProgress() throws Exception {
        TestInstallation.Run run = run("reindex");
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
            TestInstallation.record(journal, message("2003-10-16T08:00:00Z", Network.XMPP, "c-lunch", CAROL, ALICE,
                    "Noon works, merger numbers ready", Verdict.allow(), List.of()));
        }
        TestInstallation.Run run = run("reindex");
        assertEquals(1, run.code(), run.err());
        assertTrue(run.err().contains("1 journal record(s) could not be indexed"), run.err());
        assertTrue(run.out().contains("5 decisions indexed, 1 unparseable"), run.out());
        TestInstallation.Run search = run("search", "merger");
        // 5 is the checkpoint of the first close, 6 the garbage
        assertTrue(search.out().contains("seq 7  conversation c-lunch\n    Noon works, [merger] numbers ready"),
                search.out());
        assertTrue(search.out().endsWith("4 of 4 hits\n"), search.out());
    }

    @Test
    void aDataDirectoryWithoutAJournalIsAClearConfigurationError() throws IOException {
        write("conf/imgate.yaml", TestInstallation.BASE_CONFIG.replace("data-dir: data", "data-dir: elsewhere"));
        TestInstallation.Run missing = run("search", "merger");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("data-dir " + dir.resolve("elsewhere") + " does not exist"), missing.err());
        Files.createDirectories(dir.resolve("elsewhere"));
        TestInstallation.Run noJournal = run("search", "merger");
        assertEquals(2, noJournal.code());
        assertTrue(noJournal.err().contains("no journal for node 'node-1' at "
                + dir.resolve("elsewhere/journal/node-1")), noJournal.err());
    }
}
