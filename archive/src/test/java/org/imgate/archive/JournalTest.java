package org.imgate.archive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalTest {

    @TempDir
    Path data;

    @Test
    void appendedRecordsAreReadBackInOrderAfterReopen() throws Exception {
        List<Long> seqs;
        try (Journal j = Journals.open(data)) {
            seqs = Journals.appendAll(j, 600);
            assertTrue(j.lastSequence() >= seqs.get(599), "lastSequence covers every acknowledged append");
        }
        assertEquals(1L, seqs.get(0));
        try (Journal j = Journals.open(data)) {
            assertEquals(Journals.readAll(j.directory()).get(Journals.readAll(j.directory()).size() - 1).seq(),
                    j.lastSequence(), "reopened at the last record (the final checkpoint)");
            long next = j.append(RecordType.AUDIT, new byte[]{1}).get();
            assertEquals(j.lastSequence(), next);
        }
        List<JournalRecord> decisions = Journals.readAll(Segments.journalDir(data, Journals.NODE)).stream()
                .filter(r -> r.type() == RecordType.DECISION).toList();
        assertEquals(600, decisions.size());
        for (int i = 0; i < 600; i++) {
            assertEquals(seqs.get(i), decisions.get(i).seq());
            assertArrayEquals(Journals.payload(i), decisions.get(i).payload());
        }
    }

    @Test
    void groupCommitSharesOneFsyncAmongManyRecords() throws Exception {
        FailingChannels channels = new FailingChannels();
        ArchiveConfig cfg = new ArchiveConfig(null, null, null, 100_000, Duration.ofSeconds(30),
                Duration.ofMillis(2), 4096);
        try (Journal j = Journal.open(Journals.settings(data, cfg, Clock.systemUTC()), channels)) {
            Journals.appendAll(j, 20_000);
        }
        assertTrue(channels.forces.get() < 1_000, "20,000 durable appends took " + channels.forces.get() + " fsyncs");
    }

    @Test
    void callbacksSeeCommitOrderAndALoneRecordNeedsNoHandOff() throws Exception {
        // Only callbacks run by the journal's threads show the completion order; one attached after its
        // record was already durable runs on the caller, whenever the caller gets to it.
        List<Long> completedByJournal = new CopyOnWriteArrayList<>();
        List<String> loneThreads = new CopyOnWriteArrayList<>();
        java.util.function.LongConsumer note = seq -> {
            if (Thread.currentThread().getName().startsWith("imgate-journal-")) {
                completedByJournal.add(seq);
            }
        };
        List<CompletableFuture<Void>> done = new CopyOnWriteArrayList<>();
        try (Journal j = Journals.open(data)) {
            // A trickle: each record alone in its commit, nothing queued behind it.
            for (int i = 0; i < 20; i++) {
                j.append(RecordType.AUDIT, Journals.payload(i)).thenAccept(seq -> {
                    note.accept(seq);
                    loneThreads.add(Thread.currentThread().getName());
                }).get();
            }
            // A burst from several threads: batches queue behind each other and go to the completer.
            List<Thread> appenders = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread appender = new Thread(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        done.add(j.append(RecordType.AUDIT, Journals.payload(i)).thenAccept(note::accept));
                    }
                });
                appenders.add(appender);
                appender.start();
            }
            for (Thread appender : appenders) {
                appender.join();
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get();
        }
        assertEquals(8_000, done.size());
        assertTrue(completedByJournal.size() > 1_000, "the journal's threads completed " + completedByJournal.size());
        for (int i = 1; i < completedByJournal.size(); i++) {
            assertTrue(completedByJournal.get(i) > completedByJournal.get(i - 1),
                    "completed out of commit order at " + i + ": " + completedByJournal.get(i - 1) + " then "
                            + completedByJournal.get(i));
        }
        // on the writer, or on the caller when the record was durable before the callback was attached
        assertTrue(loneThreads.stream().noneMatch(name -> name.startsWith("imgate-journal-completer-")),
                "a lone record's callback waited for the completer thread: " + loneThreads);
    }

    @Test
    void aSteadyStreamSharesFsyncsWithinTheCommitWindow() throws Exception {
        FailingChannels channels = new FailingChannels();
        ArchiveConfig cfg = new ArchiveConfig(null, null, null, 100_000, Duration.ofSeconds(30),
                Duration.ofMillis(10), 4096);
        List<CompletableFuture<Long>> durable = new ArrayList<>();
        try (Journal j = Journal.open(Journals.settings(data, cfg, Clock.systemUTC()), channels)) {
            // One record every 0.5 ms, as a proxy's messages come, nobody waiting for any of them.
            for (int i = 0; i < 400; i++) {
                durable.add(j.append(RecordType.DECISION, Journals.payload(i)));
                LockSupport.parkNanos(500_000);
            }
            CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).get();
        }
        assertTrue(channels.forces.get() < 200, "400 records 0.5 ms apart took " + channels.forces.get() + " fsyncs");
    }

    @Test
    void recordsThatWaitedBehindASlowFsyncAreNotHeldForTheWindowAgain() throws Exception {
        FailingChannels channels = new FailingChannels();
        ArchiveConfig cfg = new ArchiveConfig(null, null, null, 100_000, Duration.ofSeconds(30),
                Duration.ofMillis(100), 4096);
        List<Long> appendedAt = new ArrayList<>();
        List<CompletableFuture<Long>> durable = new ArrayList<>();
        AtomicLongArray doneAt = new AtomicLongArray(1_500);
        try (Journal j = Journal.open(Journals.settings(data, cfg, Clock.systemUTC()), channels)) {
            // A steady stream, one record per millisecond, so that batches linger; after 200 ms one fsync
            // takes 300 ms, as on a disk busy with other writes.
            for (int i = 0; i < 1_500; i++) {
                if (i == 200) {
                    channels.nextForceMillis.set(300);
                }
                int n = i;
                appendedAt.add(System.nanoTime());
                durable.add(j.append(RecordType.DECISION, Journals.payload(i)).whenComplete((seq, e) ->
                        doneAt.set(n, System.nanoTime())));
                LockSupport.parkNanos(1_000_000);
            }
            CompletableFuture.allOf(durable.toArray(CompletableFuture[]::new)).get();
        }
        long fsyncStarted = channels.slowForceStarted.get();
        long fsyncEnded = channels.slowForceEnded.get();
        assertTrue(fsyncEnded > 0, "the slow fsync happened");
        // The records that arrived while the slow fsync ran had waited longer than the window by its end: the
        // next batch takes them and is written at once, instead of lingering for more company.
        List<Long> afterTheFsync = new ArrayList<>();
        for (int i = 0; i < appendedAt.size(); i++) {
            long at = appendedAt.get(i);
            if (at > fsyncStarted && at < fsyncEnded - TimeUnit.MILLISECONDS.toNanos(100)) {
                afterTheFsync.add(TimeUnit.NANOSECONDS.toMillis(doneAt.get(i) - fsyncEnded));
            }
        }
        afterTheFsync.sort(null);
        assertTrue(afterTheFsync.size() > 100, "records waited behind the slow fsync: " + afterTheFsync.size());
        assertTrue(afterTheFsync.get(afterTheFsync.size() * 9 / 10) < 50,
                "records already late lingered for the 100 ms window again: ms after the slow fsync "
                        + afterTheFsync);
    }

    @Test
    void aFlightRecordingShowsEachCommitsLingerWriteAndFsync() throws Exception {
        FailingChannels channels = new FailingChannels();
        Path file = data.resolve("commits.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("org.imgate.archive.JournalCommit");
            recording.start();
            try (Journal j = Journal.open(Journals.settings(data, ArchiveConfig.defaults(), Clock.systemUTC()),
                    channels)) {
                j.append(RecordType.DECISION, Journals.payload(0)).get(); // the segment is started
                channels.nextForceMillis.set(50); // one commit's fsync as slow as a busy disk's
                Journals.appendAll(j, 200);
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> commits = RecordingFile.readAllEvents(file);
        assertTrue(!commits.isEmpty() && commits.size() <= channels.forces.get(),
                commits.size() + " commit events for " + channels.forces.get() + " fsyncs");
        assertTrue(commits.stream().mapToInt(e -> e.getInt("records")).sum() >= 200, "every record counted");
        assertTrue(commits.stream().anyMatch(e -> e.getDuration("synced").toMillis() >= 50),
                "the slow fsync shows: " + commits);
        assertTrue(commits.stream().allMatch(e -> e.getDuration("oldestWait").compareTo(e.getDuration("synced")) >= 0
                || e.getInt("records") == 0), "a record waits at least for its fsync");
    }

    @Test
    void aLoneRecordAtAQuietTimeIsNotHeldForTheCommitWindow() throws Exception {
        ArchiveConfig cfg = new ArchiveConfig(null, null, null, 100_000, Duration.ofSeconds(30),
                Duration.ofMillis(100), 4096);
        List<Long> millis = new ArrayList<>();
        try (Journal j = Journal.open(Journals.settings(data, cfg, Clock.systemUTC()))) {
            for (int i = 0; i < 5; i++) {
                Thread.sleep(250); // quiet: no company is coming within the window
                long start = System.nanoTime();
                j.append(RecordType.DECISION, Journals.payload(i)).get();
                millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
        }
        millis.sort(null);
        assertTrue(millis.get(2) < 8, "a lone record waited for company that was not coming: " + millis + " ms");
    }

    @Test
    void oneFsyncPerRecordWhenBatchesAreLimitedToOne() throws Exception {
        FailingChannels channels = new FailingChannels();
        ArchiveConfig cfg = new ArchiveConfig(null, null, null, 100_000, Duration.ofSeconds(30), Duration.ZERO, 1);
        try (Journal j = Journal.open(Journals.settings(data, cfg, Clock.systemUTC()), channels)) {
            Journals.appendAll(j, 50);
        }
        assertTrue(channels.forces.get() >= 50, "only " + channels.forces.get() + " fsyncs");
    }

    @Test
    void aSecondWriterIsRefusedWithAClearMessage() throws Exception {
        try (Journal j = Journals.open(data)) {
            JournalException e = assertThrows(JournalException.class, () -> Journals.open(data));
            assertEquals("journal " + j.directory() + " is in use by another imgate process", e.getMessage());
        }
        Journals.open(data).close();
    }

    @Test
    void closeWritesAFinalCheckpointAndTheCheckpointFile() throws Exception {
        Path dir;
        try (Journal j = Journals.open(data)) {
            dir = j.directory();
            Journals.appendAll(j, 10);
        }
        List<JournalRecord> all = Journals.readAll(dir);
        JournalRecord last = all.get(all.size() - 1);
        assertEquals(RecordType.CHECKPOINT, last.type());
        Checkpoint inFile = Checkpoint.fromJson(-1, Files.readAllBytes(dir.resolve("CHECKPOINT")));
        assertEquals(last.seq() - 1, inFile.seq());
        assertEquals(all.get(all.size() - 2).hashHex(), inFile.headHash());
        assertArrayEquals(last.payload(), Files.readAllBytes(dir.resolve("CHECKPOINT")));
    }

    @Test
    void timedCheckpointSignsAnIdleHead() throws Exception {
        ArchiveConfig cfg = new ArchiveConfig(null, null, null, 1_000_000, Duration.ofMillis(100),
                Duration.ofMillis(1), 64);
        try (Journal j = Journal.open(Journals.settings(data, cfg, Clock.systemUTC()))) {
            long seq = j.append(RecordType.AUDIT, "x".getBytes(StandardCharsets.UTF_8)).get();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!Files.exists(j.directory().resolve("CHECKPOINT")) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Checkpoint cp = Checkpoint.fromJson(-1, Files.readAllBytes(j.directory().resolve("CHECKPOINT")));
            assertEquals(seq, cp.seq());
        }
    }

    @Test
    void checkpointsAndPurgesCannotBeAppendedByCallers() throws Exception {
        try (Journal j = Journals.open(data)) {
            assertThrows(IllegalArgumentException.class, () -> j.append(RecordType.CHECKPOINT, new byte[1]));
            assertThrows(IllegalArgumentException.class, () -> j.append(RecordType.PURGE, new byte[1]));
        }
    }

    @Test
    void aFullQueueFailsFastInsteadOfGrowing() throws Exception {
        ArchiveConfig cfg = new ArchiveConfig(null, null, null, null, null, Duration.ZERO, 1);
        try (Journal j = Journal.open(new JournalSettings(data, Journals.NODE, cfg, Clock.systemUTC(), null, 8))) {
            List<CompletableFuture<Long>> fs = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                fs.add(j.append(RecordType.DECISION, Journals.payload(i)));
            }
            long failed = fs.stream().filter(f -> {
                try {
                    f.get();
                    return false;
                } catch (Exception e) {
                    assertTrue(e.getCause().getMessage().contains("overloaded"), e.getCause().getMessage());
                    return true;
                }
            }).count();
            assertTrue(failed > 0, "a queue of 8 cannot take 2,000 appends at once");
        }
    }

    @Test
    void aFailedFsyncFailsTheBatchAndEverythingAfter() throws Exception {
        FailingChannels channels = new FailingChannels();
        List<Long> acknowledged;
        try (Journal j = Journal.open(Journals.settings(data, Journals.smallSegments(), Clock.systemUTC()),
                channels)) {
            acknowledged = Journals.appendAll(j, 50);
            channels.failForce.set(true);
            List<CompletableFuture<Long>> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(j.append(RecordType.DECISION, Journals.payload(1000 + i)));
            }
            for (CompletableFuture<Long> f : batch) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
                assertInstanceOf(JournalException.class, e.getCause());
                assertTrue(e.getCause().getMessage().contains(".seg"), "names the segment: " + e.getCause());
                assertTrue(e.getCause().getMessage().contains("Input/output error"), e.getCause().getMessage());
            }
            assertTrue(j.isBroken());
            channels.failForce.set(false);
            CompletableFuture<Long> later = j.append(RecordType.DECISION, Journals.payload(5000));
            assertThrows(ExecutionException.class, () -> later.get(10, TimeUnit.SECONDS),
                    "nothing is reported durable on a broken journal");
        }
        try (Journal j = Journals.open(data)) {
            assertTrue(j.lastSequence() >= 50);
        }
        List<Long> present = Journals.readAll(Segments.journalDir(data, Journals.NODE)).stream()
                .map(JournalRecord::seq).toList();
        assertTrue(present.containsAll(acknowledged));
        VerifyReport report = new JournalVerifier().verify(Segments.journalDir(data, Journals.NODE), keys());
        assertTrue(report.ok(), report::summary);
    }

    @Test
    void aFailedWriteFailsTheBatch() throws Exception {
        FailingChannels channels = new FailingChannels();
        try (Journal j = Journal.open(Journals.settings(data, Journals.smallSegments(), Clock.systemUTC()),
                channels)) {
            Journals.appendAll(j, 5);
            channels.failWrite.set(true);
            CompletableFuture<Long> f = j.append(RecordType.DECISION, Journals.payload(9));
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("No space left on device"), e.getCause().getMessage());
        }
    }

    @Test
    void appendAfterCloseFails() throws Exception {
        Journal j = Journals.open(data);
        j.close();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> j.append(RecordType.AUDIT, new byte[1]).get());
        assertTrue(e.getCause().getMessage().contains("is closed"));
    }

    @Test
    void segmentsRollAtTheConfiguredSize() throws Exception {
        Path dir = Journals.writeJournal(data, 1000);
        List<Path> segs = Segments.list(dir);
        assertTrue(segs.size() >= 4, "1000 records of ~330 bytes in 64 KiB segments: " + segs.size());
        for (Path s : segs) {
            assertTrue(Files.size(s) <= 65_536, s + " is " + Files.size(s) + " bytes");
            assertEquals(Segments.firstSeqOf(s), Journals.recordsOf(s).get(0).seq());
        }
        assertFalse(Arrays.asList(dir.toFile().list()).contains("CHECKPOINT.tmp"));
        assertNotNull(keys());
    }

    private java.security.PublicKey keys() throws JournalException {
        return ArchiveKeys.readPublicKey(data.resolve("keys").resolve(ArchiveKeys.PUBLIC_KEY_FILE));
    }
}
