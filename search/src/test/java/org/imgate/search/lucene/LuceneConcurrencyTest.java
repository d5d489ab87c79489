package org.imgate.search.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.imgate.core.Network;
import org.imgate.search.IndexedDecision;
import org.imgate.search.Records;
import org.imgate.search.SearchPage;
import org.imgate.search.SearchRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Searches run while the indexer writes: no errors, and what was once visible stays visible. */
class LuceneConcurrencyTest {

    private static final int RECORDS = 3_000;

    @Test
    void searchersNeverSeeTheIndexGoBackwards(@TempDir Path dir) throws Exception {
        LuceneIndexConfig config = LuceneIndexConfig.defaults(dir)
                .withIntervals(java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(500));
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        try (LuceneIndex index = LuceneIndex.createEmpty(config)) {
            CountDownLatch indexed = new CountDownLatch(1);
            Thread writer = new Thread(() -> {
                try {
                    for (int b = 0; b < RECORDS / 100; b++) {
                        List<IndexedDecision> batch = new ArrayList<>();
                        for (int i = 0; i < 100; i++) {
                            long seq = b * 100L + i;
                            batch.add(Records.message(seq, "2003-09-18T10:00:00Z", Network.MSN, "c" + (seq % 7),
                                    Records.ALICE_MSN, Records.BOB, "status report number " + seq));
                        }
                        index.indexer().index(batch);
                        Thread.sleep(5);
                    }
                } catch (Exception | AssertionError e) {
                    failures.add(e);
                } finally {
                    indexed.countDown();
                }
            }, "writer");
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                Thread reader = new Thread(() -> {
                    long seen = 0;
                    try {
                        while (indexed.getCount() > 0) {
                            SearchPage page = index.searcher().search(SearchRequest.of("status report", 5).withFacets());
                            long now = page.facets().networks().isEmpty() ? 0 : page.facets().networks().get(0).count();
                            assertTrue(now >= seen, "hits went from " + seen + " to " + now);
                            seen = now;
                            Thread.sleep(10);
                        }
                    } catch (Exception | AssertionError e) {
                        failures.add(e);
                    }
                }, "reader-" + r);
                readers.add(reader);
            }
            writer.start();
            readers.forEach(Thread::start);
            writer.join();
            for (Thread reader : readers) {
                reader.join();
            }
            assertEquals(List.of(), List.copyOf(failures));
            index.refresh();
            SearchPage all = index.searcher().search(SearchRequest.of("status report", 1).withFacets());
            assertEquals(RECORDS, all.facets().networks().get(0).count());
            // beyond a thousand hits the total is a lower bound, and says so
            assertTrue(all.totalHits() >= 1000 && !all.totalIsExact(), () -> all.totalHits() + " " + all.totalIsExact());
        }
    }
}
