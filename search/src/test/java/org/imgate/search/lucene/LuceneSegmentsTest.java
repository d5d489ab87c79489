package org.imgate.search.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.imgate.core.ClientInfo;
import org.imgate.core.Decision;
import org.imgate.core.Direction;
import org.imgate.core.ImEvent;
import org.imgate.core.Network;
import org.imgate.core.Participant;
import org.imgate.core.SessionId;
import org.imgate.search.Hit;
import org.imgate.search.IndexedDecision;
import org.imgate.search.PageCursor;
import org.imgate.search.SearchPage;
import org.imgate.search.SearchRequest;
import org.imgate.search.SortOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An index of many segments, fed by two nodes at once, with many records in the same millisecond:
 * what the time-sorted layout, the (time, node, seq) order and the parallel indexing must get right.
 */
class LuceneSegmentsTest {

    private static final Instant START = Instant.parse("2003-09-01T00:00:00Z");
    /** Per node; records {@code i} of both nodes share a millisecond, and ten records share each minute. */
    private static final int PER_NODE = 600;
    private static final int BATCH = 50;

    private LuceneIndex index;

    @BeforeEach
    void open(@TempDir Path dir) throws Exception {
        index = LuceneIndex.createEmpty(LuceneIndexConfig.defaults(dir));
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    /** Record {@code i} of a node: sent at minute {@code i / 10}, in session {@code s<i % 3>} of that node. */
    private static IndexedDecision message(String node, long i) {
        Participant from = new Participant("u" + (i % 3) + "@corp.example", "u" + (i % 3));
        ImEvent.Message m = new ImEvent.Message(new SessionId("s" + (i % 3)), Network.MSN,
                START.plusSeconds(60 * (i / 10)), "c" + (i % 5), from, List.of(Participant.of("x@partner.example")),
                "status report " + i, "text/plain", Direction.EXTERNAL, node + "-" + i, null);
        return new IndexedDecision(i, node, Decision.allowed(m));
    }

    private static IndexedDecision login(String node, long seq, int session, String family) {
        ClientInfo client = new ClientInfo(Network.MSN, family, "1.0", null, "MSNP8", Map.of(), false);
        ImEvent.Login l = new ImEvent.Login(new SessionId("s" + session), Network.MSN, START.minusSeconds(60),
                "u" + session + "@corp.example", "u" + session + "@corp.example", client);
        return new IndexedDecision(seq, node, Decision.allowed(l));
    }

    /** Both nodes log their sessions in, then feed their messages at the same time, a segment per batch or so. */
    private void feedTwoNodesInParallel() throws Exception {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> feeders = new ArrayList<>();
        for (String node : List.of("node-a", "node-b")) {
            String family = node.equals("node-a") ? "Trillian" : "Pidgin";
            Thread feeder = new Thread(() -> {
                try {
                    List<IndexedDecision> logins = new ArrayList<>();
                    for (int s = 0; s < 3; s++) {
                        logins.add(login(node, 1_000_000 + s, s, family));
                    }
                    index.indexer().index(logins);
                    for (long first = 0; first < PER_NODE; first += BATCH) {
                        List<IndexedDecision> batch = new ArrayList<>();
                        for (long i = first; i < first + BATCH; i++) {
                            batch.add(message(node, i));
                        }
                        index.indexer().index(batch);
                        index.refresh();
                    }
                } catch (Exception | AssertionError e) {
                    failures.add(e);
                }
            }, "feeder-" + node);
            feeder.start();
            feeders.add(feeder);
        }
        for (Thread feeder : feeders) {
            feeder.join();
        }
        assertTrue(failures.isEmpty(), () -> "feeding failed: " + failures);
        index.refresh();
    }

    @Test
    void pagingOverManySegmentsReturnsEveryRecordOnceInTimeNodeSeqOrder() throws Exception {
        feedTwoNodesInParallel();
        List<Hit> all = new ArrayList<>();
        PageCursor after = null;
        do {
            SearchPage page = index.searcher().search(new SearchRequest("status", SortOrder.NEWEST_FIRST, 37, after, false));
            all.addAll(page.hits());
            after = page.next();
        } while (after != null);
        assertEquals(2 * PER_NODE, all.size());
        Set<String> ids = new HashSet<>();
        for (int k = 0; k < all.size(); k++) {
            Hit hit = all.get(k);
            assertTrue(ids.add(hit.nodeId() + "/" + hit.seq()), "returned twice: " + hit.nodeId() + "/" + hit.seq());
            if (k > 0) {
                Hit previous = all.get(k - 1);
                int time = hit.time().compareTo(previous.time());
                assertTrue(time < 0 || time == 0 && (hit.nodeId().compareTo(previous.nodeId()) > 0
                        || hit.nodeId().equals(previous.nodeId()) && hit.seq() > previous.seq()),
                        "out of order: " + previous.nodeId() + "/" + previous.seq() + " then " + hit.nodeId() + "/" + hit.seq());
            }
        }
    }

    @Test
    void aFirstPageNewestFirstOrByRelevanceStopsCountingOnceItIsCertain() throws Exception {
        feedTwoNodesInParallel();
        // 1,200 hits: past a thousand the count is a lower bound, the collector no longer counts exactly
        for (SortOrder order : List.of(SortOrder.NEWEST_FIRST, SortOrder.RELEVANCE)) {
            SearchPage page = index.searcher().search(SearchRequest.of("status", 10).withSort(order));
            assertEquals(10, page.hits().size());
            assertTrue(!page.totalIsExact() && page.totalHits() >= 1000, order + ": " + page.totalHits());
        }
        // newest first follows the index order, so it stops visiting hits altogether
        assertTrue(index.searcher().search(SearchRequest.of("status", 10)).totalHits() < 2 * PER_NODE);
        SearchPage few = index.searcher().search(SearchRequest.of("from:u1 status", 10).withSort(SortOrder.RELEVANCE));
        assertTrue(few.totalIsExact());
        assertEquals(2 * PER_NODE / 3, few.totalHits());
    }

    @Test
    void timeRangesSpanningSegmentsAreExact() throws Exception {
        feedTwoNodesInParallel();
        // minutes 10 to 19 inclusive: records 100..199 of each node
        List<Hit> hits = index.searcher().search(SearchRequest.of(
                "after:\"2003-09-01T00:10\" before:2003-09-01 date:{* TO \"2003-09-01T00:20\"}", 1000)).hits();
        assertEquals(200, hits.size());
        assertTrue(hits.stream().allMatch(h -> h.seq() >= 100 && h.seq() < 200), "outside the range: " + hits);
        // minutes 30 to 35: records 300..359, a third of them from u1, on each node
        assertEquals(40, index.searcher().search(SearchRequest.of(
                "from:u1 date:[\"2003-09-01T00:30\" TO \"2003-09-01T00:36\"}", 1000)).totalHits());
    }

    @Test
    void eachNodesMessagesCarryTheClientOfTheirOwnSession() throws Exception {
        feedTwoNodesInParallel();
        assertEquals(PER_NODE, index.searcher().search(SearchRequest.of("client:trillian status", 1)).totalHits());
        SearchPage pidgin = index.searcher().search(SearchRequest.of("client:pidgin status", 1000));
        assertEquals(PER_NODE, pidgin.hits().size());
        assertTrue(pidgin.hits().stream().allMatch(h -> h.nodeId().equals("node-b")));
    }

    @Test
    void replayingRecordsAlreadyInOlderSegmentsReplacesThem() throws Exception {
        feedTwoNodesInParallel();
        index.indexer().index(List.of(message("node-a", 5), message("node-b", 590), message("node-a", 300)));
        index.refresh();
        // the facets count every hit; the page's total stops counting at a thousand
        assertEquals(2 * PER_NODE, index.searcher().search(SearchRequest.of("status", 1).withFacets())
                .facets().networks().get(0).count());
        assertEquals(2, index.searcher().search(SearchRequest.of("\"report 5\"", 10)).totalHits());
        assertEquals(2, index.searcher().search(SearchRequest.of("\"report 590\"", 10)).totalHits());
    }

    @Test
    void largeBatchesFromOneFeederAreIndexedInSlicesWithoutLossDuplicatesOrWrongClients() throws Exception {
        List<List<IndexedDecision>> batches = new ArrayList<>();
        for (int b = 0; b < 3; b++) {
            List<IndexedDecision> batch = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                long seq = b * 1000L + i;
                // each batch opens its sessions first; every later record in the same batch needs that
                // order although the batch is cut into slices indexed at the same time
                batch.add(seq % 1000 < 3 ? login("solo", seq, (int) (seq % 3), b == 1 ? "Trillian" : "Pidgin")
                        : message("solo", seq));
            }
            batches.add(batch);
        }
        for (List<IndexedDecision> batch : batches) {
            index.indexer().index(batch);
        }
        index.indexer().commit();
        assertEquals(2999L, index.indexer().committedOffsets().get("solo"));
        index.refresh();
        assertEquals(997, count("client:trillian status"));
        assertEquals(2 * 997, count("client:pidgin status"));

        index.indexer().index(batches.get(1));
        index.refresh();
        assertEquals(3 * 997, count("status"), "a replayed batch replaces its records, never duplicates them");
        assertEquals(1, index.searcher().search(SearchRequest.of("\"report 1500\"", 10)).totalHits());
    }

    /** Every hit of {@code query}, counted exactly (a page's total stops counting at a thousand). */
    private long count(String query) throws Exception {
        return index.searcher().search(SearchRequest.of(query, 1).withFacets()).facets().networks().get(0).count();
    }
}
