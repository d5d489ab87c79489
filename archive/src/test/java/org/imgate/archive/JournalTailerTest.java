package org.imgate.archive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalTailerTest {

    @TempDir
    Path data;

    @Test
    void aReaderIteratesFromASequenceNumberAcrossSegments() throws Exception {
        Path dir = Journals.writeJournal(data, 1000);
        try (Stream<JournalRecord> s = JournalReader.open(dir).records(250)) {
            List<JournalRecord> rs = s.toList();
            assertEquals(250, rs.get(0).seq());
            for (int i = 1; i < rs.size(); i++) {
                assertEquals(rs.get(i - 1).seq() + 1, rs.get(i).seq());
            }
            assertTrue(rs.stream().map(JournalRecord::segment).distinct().count() >= 3);
        }
        try (Stream<JournalRecord> s = JournalReader.open(dir).records(10, 19)) {
            assertEquals(10, s.count());
        }
    }

    @Test
    void aReaderStaysBehindWhatTheWriterPublishedAsCommitted() throws Exception {
        Path dir = Journals.writeJournal(data, 100);
        try (Stream<JournalRecord> s = JournalReader.open(dir).records(1)) {
            assertEquals(CommitMarker.read(dir), s.reduce((a, b) -> b).orElseThrow().seq(),
                    "a closed journal publishes its last record");
        }
        try (CommitMarker m = CommitMarker.open(dir)) {
            m.publish(40);
        }
        try (Stream<JournalRecord> s = JournalReader.open(dir).records(1)) {
            assertEquals(40, s.count(), "records written but not yet durable are not delivered");
        }
    }

    @Test
    void aReaderStopsAtDamageWithAnErrorNamingThePlace() throws Exception {
        Path dir = Journals.writeJournal(data, 1000);
        Path first = Segments.list(dir).get(0);
        JournalRecord victim = Journals.recordsOf(first).get(30);
        Journals.flipByte(first, victim.offset() + 50);
        try (Stream<JournalRecord> s = JournalReader.open(dir).records(1)) {
            Exception e = assertThrows(java.io.UncheckedIOException.class, () -> s.forEach(r -> { }));
            assertTrue(e.getCause().getMessage().contains(first + " offset " + victim.offset()), e.getMessage());
        }
    }

    @Test
    void aTailerWorksAtTheBackgroundPrioritySoThatWhatItFeedsYieldsTheCpuToTheRelay() throws Exception {
        LinkedBlockingQueue<Integer> priorities = new LinkedBlockingQueue<>();
        try (Journal j = Journals.open(data);
             JournalTailer t = JournalTailer.start(j, "indexer",
                     r -> priorities.add(Thread.currentThread().getPriority()))) {
            Journals.appendAll(j, 1);
            assertEquals(Thread.MIN_PRIORITY, priorities.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aTailerDeliversCommittedRecordsAndResumesFromItsPersistedOffset() throws Exception {
        LinkedBlockingQueue<Long> got = new LinkedBlockingQueue<>();
        long lastAppended;
        try (Journal j = Journals.open(data)) {
            try (JournalTailer t = JournalTailer.start(j, "indexer", r -> got.add(r.seq()))) {
                List<Long> seqs = Journals.appendAll(j, 150);
                lastAppended = seqs.get(seqs.size() - 1);
                for (long expected = 1; expected <= lastAppended; expected++) {
                    Long seq = got.poll(5, TimeUnit.SECONDS);
                    assertNotNull(seq, "record " + expected + " not delivered");
                    assertEquals(expected, seq);
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (t.offset() < lastAppended && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertTrue(t.offset() >= lastAppended);
            }
            Journals.appendAll(j, 20);
        }
        long stored = Long.parseLong(Files.readString(data.resolve("state/offsets/indexer")).strip());
        assertTrue(stored >= lastAppended);
        got.clear();
        try (Journal j = Journals.open(data);
             JournalTailer t = JournalTailer.start(j, "indexer", r -> got.add(r.seq()))) {
            Long first = got.poll(5, TimeUnit.SECONDS);
            assertEquals(stored + 1, first, "resumes after the persisted offset");
            assertTrue(t.offset() >= stored);
        }
    }

    @Test
    void aTailerStartedAfterASequenceNumberDeliversFromTheNextAndWritesNoOffsetFile() throws Exception {
        LinkedBlockingQueue<Long> got = new LinkedBlockingQueue<>();
        try (Journal j = Journals.open(data)) {
            Journals.appendAll(j, 50);
            try (JournalTailer t = JournalTailer.startAfter(j, "own-offset", 30, r -> got.add(r.seq()))) {
                long last = Journals.appendAll(j, 10).get(9);
                for (long expected = 31; expected <= last; expected++) {
                    assertEquals(expected, got.poll(5, TimeUnit.SECONDS), "record " + expected);
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (t.offset() < last && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertEquals(last, t.offset());
            }
        }
        assertFalse(Files.exists(data.resolve("state/offsets/own-offset")), "the consumer keeps its own offset");
    }

    @Test
    void aLingeringTailerTakesWhatArrivedMeanwhileInOnePassAndStillDeliversEveryRecordPromptly() throws Exception {
        List<long[]> deliveries = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        try (Journal j = Journals.open(data);
             JournalTailer t = JournalTailer.startAfter(j, "lingering", 0, java.time.Duration.ofMillis(250),
                     r -> deliveries.add(new long[] {r.seq(), System.nanoTime()}))) {
            // light, steady traffic: one record every 10 ms, each its own commit
            long[] appendedAt = new long[61];
            for (int i = 1; i <= 60; i++) {
                appendedAt[i] = System.nanoTime();
                Journals.appendAll(j, 1);
                Thread.sleep(10);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (deliveries.size() < 60 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(60, deliveries.size(), "every record delivered");
            int passes = 1;
            for (int i = 0; i < 60; i++) {
                long[] d = deliveries.get(i);
                assertEquals(i + 1, d[0], "in order, once each");
                assertTrue(d[1] - appendedAt[i + 1] < TimeUnit.SECONDS.toNanos(1), "record " + d[0] + " was late");
                if (i > 0 && d[1] - deliveries.get(i - 1)[1] > TimeUnit.MILLISECONDS.toNanos(100)) {
                    passes++;
                }
            }
            // ~800 ms of appends with a 250 ms linger: a handful of passes, where a pass per commit would
            // have delivered every 10 ms with no pause at all
            assertTrue(passes >= 2 && passes <= 10, "passes: " + passes);
        }
    }

    @Test
    void aTailerFollowsTheJournalAcrossSegmentsWithoutGapsOrRepeats() throws Exception {
        LinkedBlockingQueue<JournalRecord> got = new LinkedBlockingQueue<>();
        try (Journal j = Journals.open(data);
             JournalTailer t = JournalTailer.start(j, "search", got::add)) {
            long last = 0;
            for (int round = 0; round < 8; round++) {
                List<Long> seqs = Journals.appendAll(j, 120);
                last = seqs.get(seqs.size() - 1);
                Thread.sleep(20);
            }
            long expected = 1;
            java.util.Set<Path> segments = new java.util.HashSet<>();
            while (expected <= last) {
                JournalRecord r = got.poll(5, TimeUnit.SECONDS);
                assertNotNull(r, "record " + expected + " not delivered");
                assertEquals(expected, r.seq());
                segments.add(r.segment());
                expected++;
            }
            assertTrue(segments.size() >= 3, "crossed " + segments.size() + " segments");
            assertTrue(t.offset() <= j.lastSequence());
        }
    }

    @Test
    void aFailingHandlerGetsTheSameRecordAgain() throws Exception {
        LinkedBlockingQueue<Long> got = new LinkedBlockingQueue<>();
        AtomicBoolean failedOnce = new AtomicBoolean();
        try (Journal j = Journals.open(data);
             JournalTailer t = JournalTailer.start(j, "rollout", r -> {
                 if (r.seq() == 5 && failedOnce.compareAndSet(false, true)) {
                     throw new IllegalStateException("index unavailable");
                 }
                 got.add(r.seq());
             })) {
            Journals.appendAll(j, 10);
            for (long expected = 1; expected <= 10; expected++) {
                assertEquals(expected, got.poll(5, TimeUnit.SECONDS));
            }
            assertTrue(failedOnce.get());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (t.offset() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(t.offset() >= 10, "the offset moves past the record once it is handled");
        }
    }
}
