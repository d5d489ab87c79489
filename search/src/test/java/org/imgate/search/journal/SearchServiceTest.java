package org.imgate.search.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.imgate.archive.ArchiveConfig;
import org.imgate.archive.Journal;
import org.imgate.archive.JournalSettings;
import org.imgate.archive.RecordType;
import org.imgate.core.Decision;
import org.imgate.core.Network;
import org.imgate.search.Hit;
import org.imgate.search.IndexHealth;
import org.imgate.search.Records;
import org.imgate.search.SearchRequest;
import org.imgate.search.lucene.LuceneIndexConfig;
import org.imgate.search.lucene.ReadOnlyLuceneIndex;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search service fed by a real journal in a temporary data directory. */
class SearchServiceTest {

    @TempDir
    Path data;

    private Journal journal;

    @BeforeEach
    void openJournal() throws IOException {
        journal = Journal.open(new JournalSettings(data, "node-1", ArchiveConfig.defaults(), null, null));
    }

    @AfterEach
    void closeJournal() throws IOException {
        journal.close();
    }

    private long append(Decision decision) throws Exception {
        return journal.record(decision).get(10, TimeUnit.SECONDS);
    }

    private long appendArchive() throws Exception {
        long last = 0;
        for (var record : Records.archive()) {
            last = append(record.decision());
        }
        return last;
    }

    private static Decision message(String conversation, String body) {
        return Records.message(1, "2003-09-18T10:00:00Z", Network.MSN, conversation, Records.ALICE_MSN, Records.BOB,
                body).decision();
    }

    private static List<Long> seqs(SearchService service, String query) throws Exception {
        return service.searcher().search(SearchRequest.of(query, 100)).hits().stream().map(Hit::seq).sorted().toList();
    }

    private static List<Long> awaitHits(SearchService service, String query, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<Long> found = seqs(service, query);
        while (found.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
            found = seqs(service, query);
        }
        return found;
    }

    @Test
    void recordsAppendedToTheJournalBecomeSearchable() throws Exception {
        appendArchive();
        try (SearchService service = SearchService.start(journal, data)) {
            assertEquals(List.of(1L, 2L, 4L, 5L), awaitHits(service, "merger", 4));
            long seq = append(message("c-new", "the takeover of Fabrikam is agreed"));
            assertEquals(List.of(seq), awaitHits(service, "fabrikam", 1));
            assertEquals(0, service.unparseableRecords());
            assertTrue(service.caughtUp());
        }
    }

    @Test
    void aNewMessageIsSearchableWithinOneSecondUnderLoad() throws Exception {
        appendArchive();
        AtomicBoolean loading = new AtomicBoolean(true);
        try (SearchService service = SearchService.start(journal, data)) {
            awaitHits(service, "merger", 4);
            Thread load = new Thread(() -> {
                int i = 0;
                while (loading.get()) {
                    journal.record(message("c-load", "routine chatter number " + i++));
                    // at most ~5,000 messages a second: a busy node, not a flood the 2-core test machine cannot carry
                    if (i % 50 == 0) {
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            });
            load.start();
            List<Long> latenciesMs = new ArrayList<>();
            try {
                for (int probe = 0; probe < 20; probe++) {
                    String word = "probe" + probe + "word";
                    long seq = append(message("c-probe", "a message with " + word));
                    long archived = System.nanoTime();
                    List<Long> hits = awaitHits(service, word, 1);
                    latenciesMs.add((System.nanoTime() - archived) / 1_000_000);
                    assertEquals(List.of(seq), hits);
                }
            } finally {
                loading.set(false);
                load.join();
            }
            Collections.sort(latenciesMs);
            long median = latenciesMs.get(latenciesMs.size() / 2);
            long worst = latenciesMs.get(latenciesMs.size() - 1);
            System.out.println("archived-to-searchable under load: median " + median + " ms, worst " + worst
                    + " ms over " + latenciesMs.size() + " probes, " + journal.lastSequence() + " records");
            assertTrue(median < 1000, "median " + median + " ms: " + latenciesMs);
        }
    }

    @Test
    void aSearchSeesARecordAsSoonAsTheIndexHasTakenItWithoutWaitingForABackgroundRefresh() throws Exception {
        appendArchive();
        try (SearchService service = SearchService.start(journal, SearchService.nodeConfig(data.resolve("index"))
                .withIntervals(Duration.ofHours(1), Duration.ofHours(1)))) {
            long seq = append(message("c-new", "the takeover of Fabrikam is agreed"));
            assertTrue(service.awaitHandled(seq, Duration.ofSeconds(20)), "the tailer took the record");
            assertEquals(List.of(seq), seqs(service, "fabrikam"), "found by the first search, no polling");
        }
    }

    @Test
    void commitCurrentHandsAReaderBesideTheServerEveryRecordArchivedBeforeIt() throws Exception {
        long archived = appendArchive();
        LuceneIndexConfig rarely = SearchService.nodeConfig(data.resolve("index"))
                .withIntervals(Duration.ofHours(1), Duration.ofHours(1));
        try (SearchService service = SearchService.start(journal, rarely)) {
            assertTrue(service.awaitHandled(archived, Duration.ofSeconds(20)), "caught up");
            long seq = append(message("c-new", "the takeover of Fabrikam is agreed"));
            IndexFreshness freshness = service.commitCurrent(Duration.ofSeconds(20));
            assertTrue(freshness.current(), freshness.toString());
            assertEquals(seq, freshness.journalThrough());
            // what imgate search does beside a running server: open the index's last commit read-only
            try (ReadOnlyLuceneIndex beside = ReadOnlyLuceneIndex.open(rarely)) {
                assertEquals(List.of(seq), beside.searcher().search(SearchRequest.of("fabrikam", 10)).hits().stream()
                        .map(Hit::seq).toList());
            }
        }
    }

    @Test
    void aBacklogLargerThanABatchIsIndexedWholeAndLiveIndexingResumesAfterIt() throws Exception {
        int backlog = 2 * SearchService.BATCH + 500;
        List<java.util.concurrent.CompletableFuture<Long>> appended = new ArrayList<>();
        for (int i = 0; i < backlog; i++) {
            appended.add(journal.record(message("c-backlog", String.format("backlog entry b%04d", i))));
        }
        long last = appended.get(backlog - 1).get(30, TimeUnit.SECONDS);
        try (SearchService service = SearchService.start(journal, data)) {
            assertTrue(service.awaitHandled(last, Duration.ofSeconds(60)), "the backlog was not indexed in 60 s");
            assertTrue(service.caughtUp());
            // the first and last records, and those either side of each batch boundary, each found once
            for (int i : new int[] {0, SearchService.BATCH - 1, SearchService.BATCH, 2 * SearchService.BATCH, backlog - 1}) {
                String word = String.format("b%04d", i);
                assertEquals(List.of(appended.get(i).get()), seqs(service, word), word);
            }
            // after the backlog the index refreshes at its live interval again, not the replay's 5 s
            long seq = append(message("c-live", "a live message after the backlog"));
            long archived = System.nanoTime();
            assertEquals(List.of(seq), awaitHits(service, "live", 1));
            long tookMs = (System.nanoTime() - archived) / 1_000_000;
            assertTrue(tookMs < 2000, "a live message took " + tookMs + " ms to become searchable");
        }
    }

    @Test
    void aDeletedIndexIsRebuiltFromTheJournalWithTheSameHits() throws Exception {
        long last = appendArchive();
        List<Long> before;
        try (SearchService service = SearchService.start(journal, data)) {
            assertTrue(service.awaitHandled(last, Duration.ofSeconds(20)));
            before = awaitHits(service, "merger OR noon", 5);
        }
        deleteRecursively(data.resolve("index"));
        try (SearchService service = SearchService.start(journal, data)) {
            assertTrue(service.foundAtStart() instanceof IndexHealth.Missing, service.foundAtStart().describe());
            assertTrue(service.awaitHandled(last, Duration.ofSeconds(20)));
            assertEquals(before, awaitHits(service, "merger OR noon", before.size()));
            assertEquals(List.of(1L, 2L, 4L, 5L, 6L), before);
        }
    }

    @Test
    void aCorruptIndexIsRebuiltNotServedEmpty() throws Exception {
        long last = appendArchive();
        try (SearchService service = SearchService.start(journal, data)) {
            assertTrue(service.awaitHandled(last, Duration.ofSeconds(20)));
            awaitHits(service, "merger", 4);
        }
        try (Stream<Path> files = Files.list(data.resolve("index"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("segments")).toList()) {
                Files.write(f, "garbage".getBytes(StandardCharsets.US_ASCII));
            }
        }
        try (SearchService service = SearchService.start(journal, data)) {
            assertFalse(service.foundAtStart().usable());
            assertEquals(List.of(1L, 2L, 4L, 5L), awaitHits(service, "merger", 4));
        }
    }

    @Test
    void anIndexThatBreaksWhileRunningIsRebuiltFromTheJournalWithoutARestart() throws Exception {
        long last = appendArchive();
        try (SearchService service = SearchService.start(journal, data)) {
            // the index's files vanish under the running writer (an operator's mistake, a failed disk)
            indexThenLoseTheIndexFiles(service, last);
            long broken = append(message("c-after", "the first merger note after the damage"));
            long next = append(message("c-after", "another merger note"));

            assertEquals(List.of(1L, 2L, 4L, 5L, broken, next), awaitHits(service, "merger", 6));
            assertEquals(1, service.rebuiltWhileRunning());
            assertTrue(service.awaitHandled(next, Duration.ofSeconds(20)));
        }
        // what the rebuilt index committed is a healthy index the next start resumes from
        try (SearchService service = SearchService.start(journal, data)) {
            assertEquals(new IndexHealth.Healthy(data.resolve("index")), service.foundAtStart());
            assertEquals(6, seqs(service, "merger").size());
        }
    }

    @Test
    void anIndexThatBreaksInAQuietHourIsRebuiltWithoutWaitingForTheNextRecord() throws Exception {
        long last = appendArchive();
        try (SearchService service = SearchService.start(journal, data)) {
            // the index's files vanish under the running writer, which does not notice while nothing is written
            indexThenLoseTheIndexFiles(service, last);
            // a reader beside the server asks for a commit (imgate search); no message arrives for a while
            IndexFreshness first = service.commitCurrent(Duration.ofSeconds(20));
            assertTrue(first.indexedThrough() <= last && first.journalThrough() == last, first.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (service.rebuiltWhileRunning() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, service.rebuiltWhileRunning(), "the broken index waited for the next record");
            // while it rebuilds a commit says how far it has got; then it reaches the journal's end
            IndexFreshness after = service.commitCurrent(Duration.ofSeconds(5));
            while (!after.current() && System.nanoTime() < deadline) {
                Thread.sleep(20);
                after = service.commitCurrent(Duration.ofSeconds(5));
            }
            assertEquals(new IndexFreshness(last, last), after);
            assertTrue(Files.exists(data.resolve("index")), "the rebuilt index is on disk for readers beside the server");
            assertEquals(List.of(1L, 2L, 4L, 5L), seqs(service, "merger"));
        }
    }

    @Test
    void anUnparseableRecordIsCountedAndIndexingContinues() throws Exception {
        long first = append(message("c-a", "before the garbage"));
        long garbage = journal.append(RecordType.DECISION, "{not json".getBytes(StandardCharsets.UTF_8))
                .get(10, TimeUnit.SECONDS);
        try (SearchService service = SearchService.start(journal, data)) {
            long after = append(message("c-a", "after the garbage"));
            assertEquals(List.of(first, after), awaitHits(service, "garbage", 2));
            assertEquals(1, service.unparseableRecords());
            assertTrue(garbage > first && garbage < after);
        }
    }

    @Test
    void restartingResumesFromTheIndexWithoutDuplicates() throws Exception {
        long last = appendArchive();
        try (SearchService service = SearchService.start(journal, data)) {
            assertTrue(service.awaitHandled(last, Duration.ofSeconds(20)));
        }
        // the index keeps its own offset: the tailer writes no offset file beside the journal's fsyncs,
        // and a stale one (left by an older version) saying nothing was indexed is ignored
        Path offsetFile = data.resolve("state/offsets/" + SearchService.CONSUMER);
        assertFalse(Files.exists(offsetFile), "the search tailer wrote an offset file");
        Files.createDirectories(offsetFile.getParent());
        Files.writeString(offsetFile, "0\n");
        long added = append(message("c-merger", "one more merger note"));
        try (SearchService service = SearchService.start(journal, data)) {
            assertEquals(List.of(1L, 2L, 4L, 5L, added), awaitHits(service, "merger", 5));
            Thread.sleep(500);
            assertEquals(List.of(1L, 2L, 4L, 5L, added), seqs(service, "merger"));
        }
    }

    @Test
    void closingCommitsWhatWasIndexedSoTheNextStartResumesAfterIt() throws Exception {
        long last = appendArchive();
        try (SearchService service = SearchService.start(journal, data)) {
            assertTrue(service.awaitHandled(last, Duration.ofSeconds(20)));
        }
        try (var index = org.imgate.search.lucene.LuceneIndex.open(
                org.imgate.search.lucene.LuceneIndexConfig.defaults(data.resolve("index")))) {
            assertEquals(java.util.Map.of("node-1", last), index.indexer().committedOffsets());
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Lets {@code service} index the archive through {@code last}, then removes the index's files under it. */
    private void indexThenLoseTheIndexFiles(SearchService service, long last) throws Exception {
        assertTrue(service.awaitHandled(last, Duration.ofSeconds(20)));
        assertEquals(List.of(1L, 2L, 4L, 5L), awaitHits(service, "merger", 4));
        deleteRecursively(data.resolve("index"));
    }
}
