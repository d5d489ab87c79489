package org.imgate.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.imgate.core.Direction;
import org.imgate.core.Network;
import org.imgate.core.Participant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every search backend must do, run against the archive of {@link Records#archive()}. Each
 * implementation's test implements this interface.
 */
public interface SearchBackendContract {

    /** A new, empty backend whose files live under {@code dir}. */
    SearchBackend openEmpty(Path dir) throws IOException;

    /** Makes everything indexed so far searchable, without waiting for the backend's own schedule. */
    void makeSearchable(SearchBackend backend) throws IOException;

    /** The backend under test; set by {@link #indexArchive}. */
    Holder holder();

    /** Where the test keeps its backend between set-up and tear-down. */
    final class Holder {
        SearchBackend backend;
    }

    @BeforeEach
    default void indexArchive(@TempDir Path dir) throws IOException {
        holder().backend = openEmpty(dir);
        holder().backend.indexer().index(Records.archive());
        makeSearchable(holder().backend);
    }

    @AfterEach
    default void closeBackend() throws IOException {
        holder().backend.close();
    }

    private ArchiveSearcher searcher() {
        return holder().backend.searcher();
    }

    private List<Long> seqs(String query) throws Exception {
        return seqs(query, SortOrder.NEWEST_FIRST);
    }

    private List<Long> seqs(String query, SortOrder sort) throws Exception {
        SearchPage page = searcher().search(new SearchRequest(query, sort, 100, null, false));
        return page.hits().stream().map(Hit::seq).toList();
    }

    private Hit only(String query) throws Exception {
        List<Hit> hits = searcher().search(SearchRequest.of(query, 10)).hits();
        assertEquals(1, hits.size(), () -> "hits for " + query + ": " + hits);
        return hits.get(0);
    }

    @Test
    default void bareWordsMustAllMatchAndFindFileNamesToo() throws Exception {
        assertEquals(List.of(5L, 4L, 2L, 1L), seqs("merger"));
        assertEquals(List.of(5L), seqs("merger numbers"));
        assertEquals(List.of(), seqs("merger watches"));
    }

    @Test
    default void wordsIgnoreCaseAndAccents() throws Exception {
        assertEquals(List.of(5L, 4L, 2L, 1L), seqs("MERGER"));
        assertEquals(List.of(1L), seqs("Contóso"));
    }

    @Test
    default void phrasesMatchWordsInOrder() throws Exception {
        assertEquals(List.of(5L), seqs("\"merger numbers\""));
        assertEquals(List.of(), seqs("\"numbers merger\""));
        assertEquals(List.of(2L), seqs("\"keep the merger\""));
    }

    @Test
    default void booleanOperatorsAndExclusions() throws Exception {
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L), seqs("merger OR acquisition"));
        assertEquals(List.of(5L, 4L, 1L), seqs("merger AND NOT quiet"));
        assertEquals(List.of(5L, 4L, 1L), seqs("merger -quiet"));
        assertEquals(List.of(5L), seqs("(merger OR noon) AND numbers"));
        // OR binds tighter than the implicit AND between words, as in web search boxes
        assertEquals(List.of(2L, 1L), seqs("merger quiet OR contoso"));
        assertEquals(List.of(2L, 1L), seqs("quiet OR contoso merger"));
        assertEquals(List.of(5L, 3L, 2L, 1L), seqs("quiet OR contoso OR acquisition OR noon -works"));
        // a query of only exclusions means everything else, not nothing
        assertEquals(List.of(9L, 6L, 3L, 7L, 8L), seqs("NOT merger"));
    }

    @Test
    default void wildcardsInWordsAndFilters() throws Exception {
        assertEquals(List.of(3L), seqs("acqui*"));
        assertEquals(List.of(3L), seqs("conf?dential"));
        assertEquals(List.of(4L), seqs("file:*.doc"));
        assertEquals(List.of(5L, 4L, 3L, 1L, 8L), seqs("from:alice*"));
    }

    @Test
    default void senderFilterMatchesHandlesAndEmployees() throws Exception {
        assertEquals(List.of(9L, 2L), seqs("from:bob@partner.example"));
        assertEquals(List.of(9L, 2L), seqs("from:BOB@Partner.Example"));
        assertEquals(List.of(5L, 4L, 3L, 1L), seqs("from:alice"));
    }

    @Test
    default void recipientFilter() throws Exception {
        assertEquals(List.of(6L, 2L), seqs("to:alice"));
        assertEquals(List.of(9L), seqs("to:dave@corp.example"));
    }

    @Test
    default void withFilterMatchesEitherSide() throws Exception {
        assertEquals(List.of(9L, 4L, 3L, 2L, 1L, 7L), seqs("with:bob@partner.example"));
        assertEquals(List.of(9L, 4L, 3L, 2L, 1L, 7L), seqs("with:*@partner.example"));
    }

    @Test
    default void employeeSearchFindsEveryHandleOnEveryNetwork() throws Exception {
        List<Hit> hits = searcher().search(SearchRequest.of("with:alice", 100)).hits();
        assertEquals(List.of(6L, 5L, 4L, 3L, 2L, 1L), hits.stream().map(Hit::seq).toList());
        assertEquals(java.util.Set.of("alice@corp.example", "alice.w@jabber.corp.example"),
                hits.stream().flatMap(h -> h.participants().stream())
                        .filter(p -> "alice".equals(p.employee())).map(Participant::handle)
                        .collect(Collectors.toSet()));
        assertEquals(java.util.Set.of(Network.MSN, Network.XMPP),
                hits.stream().map(Hit::network).collect(Collectors.toSet()));
    }

    @Test
    default void networkConversationActionRuleFileKindDirectionFilters() throws Exception {
        assertEquals(List.of(6L, 5L), seqs("network:xmpp"));
        assertEquals(List.of(6L, 5L), seqs("conversation:c-lunch"));
        assertEquals(List.of(9L, 4L), seqs("action:block"));
        assertEquals(List.of(3L), seqs("action:flag"));
        assertEquals(List.of(7L), seqs("rule:pii"));
        assertEquals(List.of(7L), seqs("rule:external"));
        assertEquals(List.of(4L), seqs("file:merger-plan.doc"));
        assertEquals(List.of(4L), seqs("file:\"MERGER-PLAN.DOC\""));
        assertEquals(List.of(8L), seqs("kind:login"));
        assertEquals(List.of(4L), seqs("kind:file-offer"));
        assertEquals(List.of(6L, 5L), seqs("direction:internal"));
        assertEquals(List.of(8L), seqs("client:\"msn messenger\" version:6.2*"));
        assertEquals(List.of(4L, 3L, 2L), seqs("seq:[2 TO 4]"));
    }

    @Test
    default void theMotivatingQuery() throws Exception {
        // everything Alice said to external contacts about the merger between Sep 1 and Oct 15
        assertEquals(List.of(1L), seqs("from:alice direction:external merger after:2003-09-01 before:2003-10-15"));
        // file offers carry no direction of their own; her offers to outsiders are found by the other side
        assertEquals(List.of(4L), seqs("from:alice kind:file-offer with:bob@partner.example merger"));
    }

    @Test
    default void afterAndBeforeIncludeTheDaysNamed() throws Exception {
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L), seqs("after:2003-09-18 before:2003-10-15"));
        assertEquals(List.of(7L, 8L), seqs("before:2003-09-01"));
        assertEquals(List.of(9L, 6L), seqs("after:2003-10-16"));
        assertEquals(List.of(9L, 6L, 5L, 4L, 3L), seqs("after:\"2003-09-18T10:01:30Z\""));
    }

    @Test
    default void datesAndDateRanges() throws Exception {
        assertEquals(List.of(4L, 3L, 2L, 1L, 7L), seqs("date:2003-09"));
        assertEquals(List.of(4L, 3L, 2L, 1L), seqs("date:2003-09-18"));
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L), seqs("date:[2003-09-02 TO 2003-10-15]"));
        assertEquals(List.of(9L, 6L, 5L), seqs("date:{2003-09-18 TO *]"));
        assertEquals(List.of(8L), seqs("date:[* TO 2003-08-31]"));
        assertEquals(List.of(), seqs("date:[2003-10-15 TO 2003-09-01]"));
    }

    @Test
    default void sortByTimeEitherWayOrByRelevance() throws Exception {
        String query = "merger OR acquisition OR confidential";
        assertEquals(List.of(5L, 4L, 3L, 2L, 1L), seqs(query, SortOrder.NEWEST_FIRST));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(query, SortOrder.OLDEST_FIRST));
        List<Hit> byRelevance = searcher().search(new SearchRequest(query, SortOrder.RELEVANCE, 10, null, false)).hits();
        assertEquals(3L, byRelevance.get(0).seq(), "the hit matching two words ranks first");
        assertEquals(5, byRelevance.size());
        for (int i = 1; i < byRelevance.size(); i++) {
            assertTrue(byRelevance.get(i - 1).score() >= byRelevance.get(i).score());
        }
    }

    @Test
    default void hitsCarryWhatTheListAndJsonOutputNeed() throws Exception {
        Hit first = only("conversation:c-merger seq:1");
        assertEquals("node-1", first.nodeId());
        assertEquals(Instant.parse("2003-09-18T10:00:00Z"), first.time());
        assertEquals(RecordKind.MESSAGE, first.kind());
        assertEquals(Network.MSN, first.network());
        assertEquals("c-merger", first.conversation());
        assertEquals(Records.ALICE_MSN, first.from());
        assertEquals(List.of(Records.BOB), first.to());
        assertEquals(Direction.EXTERNAL, first.direction());
        assertEquals("The merger with Contoso closes in October.", first.body());
        assertEquals("allow", first.action());
        assertEquals(List.of(), first.rules());

        Hit file = only("kind:file-offer");
        assertEquals("merger-plan.doc", file.fileName());
        assertEquals("block", file.action());
        assertEquals("file transfers to external contacts are blocked", file.notice());
        assertEquals(List.of("no-files"), file.rules());
        assertNull(file.body());

        Hit redacted = only("rule:pii");
        assertEquals("Quarterly numbers attached", redacted.body(), "the original text is what is searchable");
        assertEquals(List.of("pii", "external"), redacted.rules());
        assertEquals("redact", redacted.action());

        holder().backend.indexer().index(List.of(Records.encryption(10, "2003-12-01T10:00:00Z", "c-secret",
                Records.DAVE, Records.BOB, "OTR")));
        makeSearchable(holder().backend);
        Hit encrypted = only("kind:encryption otr");
        assertEquals("OTR", encrypted.encryption());
        assertEquals("c-secret", encrypted.conversation());
        assertNull(encrypted.body());

        Hit login = only("kind:login");
        assertEquals("MSN Messenger", login.clientFamily());
        assertEquals("6.2.0137", login.clientVersion());
        assertEquals("alice@corp.example", login.from().handle());
    }

    @Test
    default void snippetsMarkTheMatchedWords() throws Exception {
        // the best sentence, not the whole body
        assertEquals("Bring the [merger] [numbers]",
                only("merger numbers").snippet().render("[", "]"));
        assertEquals("The [acquisition] stays confidential.",
                only("acqui*").snippet().render("[", "]"));
        assertEquals("Keep the [merger quiet] until the announcement",
                only("\"merger quiet\"").snippet().render("[", "]"));
    }

    @Test
    default void filterOnlyQueriesStillShowTheBody() throws Exception {
        Snippet snippet = only("rule:spim").snippet();
        assertNotNull(snippet);
        assertEquals("Cheap watches, buy now", snippet.text());
        assertEquals(List.of(), snippet.highlights());
    }

    @Test
    default void facetsCountTheWholeResultSet() throws Exception {
        SearchPage page = searcher().search(new SearchRequest("merger", SortOrder.NEWEST_FIRST, 1, null, true));
        assertEquals(1, page.hits().size());
        Facets facets = page.facets();
        assertEquals(List.of(new Facets.Count("msn", 3), new Facets.Count("xmpp", 1)), facets.networks());
        assertEquals(List.of(new Facets.Count("2003-09-18", 3), new Facets.Count("2003-10-15", 1)), facets.days());
        assertEquals(List.of(
                        new Facets.Count("alice@corp.example", 3),
                        new Facets.Count("bob@partner.example", 3),
                        new Facets.Count("alice.w@jabber.corp.example", 1),
                        new Facets.Count("carol@corp.example", 1)),
                facets.participants());
        assertNull(searcher().search(SearchRequest.of("merger", 1)).facets(), "facets only when asked for");
    }

    @Test
    default void conversationReadsInOrderPageByPage() throws Exception {
        SearchPage first = searcher().conversation("c-merger", null, 3);
        assertEquals(List.of(1L, 2L, 3L), first.hits().stream().map(Hit::seq).toList());
        assertEquals("Keep the merger quiet until the announcement", first.hits().get(1).body());
        assertNotNull(first.next());
        SearchPage second = searcher().conversation("c-merger", first.next(), 3);
        assertEquals(List.of(4L), second.hits().stream().map(Hit::seq).toList());
        assertNull(second.next());
        assertEquals(List.of(), searcher().conversation("no-such-conversation", null, 3).hits());
    }

    @Test
    default void conversationAroundAHit() throws Exception {
        Hit hit = only("acquisition");
        assertEquals(List.of(2L, 3L, 4L), searcher().conversationAround(hit, 1, 1).stream().map(Hit::seq).toList());
        assertEquals(List.of(1L, 2L, 3L, 4L), searcher().conversationAround(hit, 10, 10).stream().map(Hit::seq).toList());
        assertEquals(List.of(3L), searcher().conversationAround(hit, 0, 0).stream().map(Hit::seq).toList());
        Hit login = only("kind:login");
        assertEquals(List.of(login), searcher().conversationAround(login, 5, 5));
    }

    @Test
    default void committedOffsetsNameWhereEachNodeResumes() throws Exception {
        DecisionIndexer indexer = holder().backend.indexer();
        indexer.commit();
        assertEquals(java.util.Map.of("node-1", 9L), indexer.committedOffsets());
        indexer.index(List.of(new IndexedDecision(4, "node-2", Records.archive().get(0).decision())));
        assertEquals(java.util.Map.of("node-1", 9L), indexer.committedOffsets(), "nothing new is durable yet");
        indexer.commit();
        assertEquals(java.util.Map.of("node-1", 9L, "node-2", 4L), indexer.committedOffsets());
    }

    @Test
    default void pagingWalksPastTheFirstPageWithoutRepeatsOrGaps() throws Exception {
        SearchRequest request = SearchRequest.of("", 4);
        SearchPage page1 = searcher().search(request);
        assertEquals(9, page1.totalHits());
        assertTrue(page1.totalIsExact());
        assertEquals(List.of(9L, 6L, 5L, 4L), page1.hits().stream().map(Hit::seq).toList());
        // the cursor survives being handed to a user as text
        PageCursor cursor = PageCursor.parse(page1.next().token());
        SearchPage page2 = searcher().search(request.after(cursor));
        assertEquals(List.of(3L, 2L, 1L, 7L), page2.hits().stream().map(Hit::seq).toList());
        SearchPage page3 = searcher().search(request.after(page2.next()));
        assertEquals(List.of(8L), page3.hits().stream().map(Hit::seq).toList());
        assertNull(page3.next());
    }

    @Test
    default void pagingByRelevance() throws Exception {
        SearchRequest request = new SearchRequest("merger OR acquisition OR noon", SortOrder.RELEVANCE, 2, null, false);
        List<Long> all = seqs(request.query(), SortOrder.RELEVANCE);
        List<Long> paged = new ArrayList<>();
        searcher().forEach(request, hit -> paged.add(hit.seq()));
        assertEquals(all, paged);
        assertEquals(6, paged.size());
    }

    @Test
    default void forEachStreamsEveryHitInOrder() throws Exception {
        List<Long> streamed = new ArrayList<>();
        searcher().forEach(new SearchRequest("", SortOrder.OLDEST_FIRST, 2, null, false), hit -> streamed.add(hit.seq()));
        assertEquals(List.of(8L, 7L, 1L, 2L, 3L, 4L, 5L, 6L, 9L), streamed);
    }

    @Test
    default void indexingARecordAgainReplacesIt() throws Exception {
        holder().backend.indexer().index(Records.archive());
        makeSearchable(holder().backend);
        assertEquals(9, searcher().search(SearchRequest.of("", 100)).hits().size());
    }

    @Test
    default void malformedQueriesNameTheColumn() {
        InvalidQueryException e = assertThrows(InvalidQueryException.class,
                () -> searcher().search(SearchRequest.of("merger AND form:alice", 10)));
        assertEquals(12, e.column());
        assertTrue(e.getMessage().startsWith("query error at column 12: unknown filter 'form:' (filters: from, to,"),
                e.getMessage());
    }

    @Test
    default void emptyResultIsNotAnError() throws Exception {
        SearchPage page = searcher().search(SearchRequest.of("xylophone", 10).withFacets());
        assertEquals(List.of(), page.hits());
        assertEquals(0, page.totalHits());
        assertNull(page.next());
        assertFalse(page.nextPage().isPresent());
        assertEquals(Facets.none(), page.facets());
    }
}
