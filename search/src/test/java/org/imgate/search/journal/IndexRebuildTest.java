package org.imgate.search.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.imgate.archive.ArchiveConfig;
import org.imgate.archive.AuditEntry;
import org.imgate.archive.Journal;
import org.imgate.archive.JournalSettings;
import org.imgate.archive.RecordType;
import org.imgate.search.Hit;
import org.imgate.search.IndexedDecision;
import org.imgate.search.Records;
import org.imgate.search.SearchRequest;
import org.imgate.search.lucene.LuceneIndexConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline rebuilds and catch-up, as {@code imgate reindex} and {@code imgate search} use them. */
class IndexRebuildTest {

    @TempDir
    Path data;

    private static List<Long> seqs(IndexRebuild.Result result, String query) throws Exception {
        return result.index().searcher().search(SearchRequest.of(query, 100)).hits().stream().map(Hit::seq)
                .sorted().toList();
    }

    @Test
    void rebuildReplaysTheWholeJournalReportingProgressToTheEnd() throws Exception {
        LuceneIndexConfig config = LuceneIndexConfig.defaults(data.resolve("index"));
        // no timed checkpoint may land in the middle: on a busy machine one would add a record to count
        ArchiveConfig noTimedCheckpoints = new ArchiveConfig(null, null, null, null, java.time.Duration.ofHours(1),
                null, null);
        try (Journal journal = Journal.open(new JournalSettings(data, "node-1", noTimedCheckpoints, null, null))) {
            for (int i = 0; i < 2500; i++) {
                journal.record(Records.message(1, "2003-09-18T10:00:00Z", org.imgate.core.Network.MSN, "c-" + (i % 7),
                        Records.ALICE_MSN, Records.BOB, "bulk message " + i).decision());
            }
            journal.appendAudit(new AuditEntry("tester", "search", java.util.Map.of("query", "x"),
                    java.time.Instant.now()));
            long garbage = journal.append(RecordType.DECISION, "[]".getBytes(StandardCharsets.UTF_8))
                    .get(10, TimeUnit.SECONDS);
            for (IndexedDecision r : Records.archive()) {
                journal.record(r.decision()).get(10, TimeUnit.SECONDS);
            }
            List<Double> fractions = new ArrayList<>();
            RecordDecoder decoder = new RecordDecoder();
            IndexRebuild.Result result = IndexRebuild.rebuild(journal, config, decoder,
                    (reached, from, through, records) -> fractions.add(ReplayProgress.fraction(reached, from, through)));
            try (var index = result.index()) {
                ReplayReport report = result.replay();
                assertEquals(journal.lastSequence(), report.throughSeq());
                assertEquals(2500 + 1 + 1 + 9, report.records());
                assertEquals(2500 + 9, report.indexed());
                assertEquals(1, report.unparseable());
                assertEquals(1, decoder.unparseable());
                assertTrue(garbage > 2500);
                assertEquals(1.0, fractions.get(fractions.size() - 1));
                for (int i = 1; i < fractions.size(); i++) {
                    assertTrue(fractions.get(i) >= fractions.get(i - 1), fractions.toString());
                }
                java.util.concurrent.atomic.AtomicLong bulk = new java.util.concurrent.atomic.AtomicLong();
                result.index().searcher().forEach(SearchRequest.of("bulk", 500), hit -> bulk.incrementAndGet());
                assertEquals(2500, bulk.get());
            }
            // a second catch-up finds the index current: nothing is read again but what follows the last decision
            IndexRebuild.Result again = IndexRebuild.openCurrent(journal, config, new RecordDecoder(), ReplayProgress.NONE);
            try (var index = again.index()) {
                assertTrue(again.opened().found().usable());
                // Nothing is indexed again. The replay may still read a record or two that follow the last
                // decision: the journal's timed checkpoint lands whenever 5 s pass, as on a slow machine.
                assertEquals(0, again.replay().indexed());
                assertEquals(0, again.replay().unparseable());
                assertEquals(List.of(1L + 2502, 2L + 2502, 4L + 2502, 5L + 2502), seqs(again, "merger"));
            }
        }
    }

    @Test
    void openCurrentRebuildsAMissingIndexBeforeAnsweringSoASearchNeverSeesAnEmptyIndex() throws Exception {
        LuceneIndexConfig config = LuceneIndexConfig.defaults(data.resolve("index"));
        try (Journal journal = Journal.open(new JournalSettings(data, "node-1", ArchiveConfig.defaults(), null, null))) {
            for (IndexedDecision r : Records.archive()) {
                journal.record(r.decision()).get(10, TimeUnit.SECONDS);
            }
            IndexRebuild.Result result = IndexRebuild.openCurrent(journal, config, new RecordDecoder(), ReplayProgress.NONE);
            try (var index = result.index()) {
                assertTrue(result.opened().recreated());
                assertEquals(List.of(1L, 2L, 4L, 5L), seqs(result, "merger"));
            }
        }
    }
}
