package org.imgate.archive;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every tampering case of the issue, each caught with the broken place named. */
class JournalVerifierTest {
    private static final int RECORDS = 1500;

    @TempDir
    Path data;
    private Path dir;
    private PublicKey trusted;
    private final JournalVerifier verifier = new JournalVerifier();

    @BeforeEach
    void writeJournal() throws Exception {
        dir = Journals.writeJournal(data, RECORDS);
        trusted = ArchiveKeys.readPublicKey(data.resolve("keys").resolve(ArchiveKeys.PUBLIC_KEY_FILE));
    }

    private List<Path> segments() throws JournalException {
        return Segments.list(dir);
    }

    private VerifyReport.Problem expectProblem(VerifyReport.Kind kind) throws JournalException {
        VerifyReport report = verifier.verify(dir, trusted);
        assertFalse(report.ok(), "tampering must be detected");
        VerifyReport.Problem p = report.problem();
        assertEquals(kind, p.kind(), () -> "first problem: " + p + "; all: " + report.problems());
        return p;
    }

    @Test
    void goodMultiSegmentJournalVerifies() throws Exception {
        VerifyReport report = verifier.verify(dir, trusted);
        assertTrue(report.ok(), report::summary);
        assertTrue(report.segments() >= 4, "expected several 64 KiB segments, got " + report.segments());
        long checkpoints = Journals.readAll(dir).stream().filter(r -> r.type() == RecordType.CHECKPOINT).count();
        assertEquals(RECORDS + checkpoints, report.recordsChecked());
        assertEquals(report.lastSeq() - 1, report.signedThroughSeq(), "final checkpoint vouches for the head");
        assertTrue(report.summary().contains("newest signed checkpoint vouches for seq " + report.signedThroughSeq()));
    }

    @Test
    void changedByteIsReportedAtItsRecord() throws Exception {
        Path seg = segments().get(1);
        JournalRecord victim = Journals.recordsOf(seg).get(10);
        Journals.flipByte(seg, victim.offset() + Journals.recordLength(victim) - 40);
        VerifyReport.Problem p = expectProblem(VerifyReport.Kind.CORRUPT_RECORD);
        assertEquals(seg, p.file());
        assertEquals(victim.offset(), p.offset());
        assertEquals(victim.seq(), p.seq());
    }

    @Test
    void deletedRecordIsReported() throws Exception {
        Path seg = segments().get(1);
        List<JournalRecord> rs = Journals.recordsOf(seg);
        JournalRecord victim = rs.get(20);
        Journals.cut(seg, victim.offset(), Journals.recordLength(victim));
        VerifyReport.Problem p = expectProblem(VerifyReport.Kind.MISSING_RECORDS);
        assertEquals(seg, p.file());
        assertEquals(victim.offset(), p.offset(), "the record now at the deleted one's place");
        assertEquals(victim.seq() + 1, p.seq());
        assertTrue(p.message().contains("records " + victim.seq()), p.message());
    }

    @Test
    void reorderedRecordsAreReported() throws Exception {
        Path seg = segments().get(2);
        List<JournalRecord> rs = Journals.recordsOf(seg);
        JournalRecord a = rs.get(5);
        JournalRecord b = rs.get(6);
        assertEquals(Journals.recordLength(a), Journals.recordLength(b));
        byte[] bytes = Files.readAllBytes(seg);
        int len = (int) Journals.recordLength(a);
        byte[] tmp = new byte[len];
        System.arraycopy(bytes, (int) a.offset(), tmp, 0, len);
        System.arraycopy(bytes, (int) b.offset(), bytes, (int) a.offset(), len);
        System.arraycopy(tmp, 0, bytes, (int) b.offset(), len);
        Files.write(seg, bytes);
        VerifyReport.Problem p = expectProblem(VerifyReport.Kind.OUT_OF_ORDER);
        assertEquals(seg, p.file());
        assertEquals(a.offset(), p.offset());
        assertEquals(b.seq(), p.seq());
    }

    @Test
    void segmentCutShortBeforeTheNextSegmentIsReported() throws Exception {
        Path seg = segments().get(1);
        List<JournalRecord> rs = Journals.recordsOf(seg);
        JournalRecord lastRecord = rs.get(rs.size() - 1);
        Journals.truncate(seg, lastRecord.offset());
        VerifyReport.Problem p = expectProblem(VerifyReport.Kind.TRUNCATED_SEGMENT);
        assertEquals(seg, p.file());
        assertEquals(lastRecord.offset(), p.offset());
        assertEquals(lastRecord.seq(), p.seq(), "the first seq missing");
    }

    @Test
    void segmentCutInsideARecordIsReported() throws Exception {
        Path seg = segments().get(0);
        List<JournalRecord> rs = Journals.recordsOf(seg);
        JournalRecord lastRecord = rs.get(rs.size() - 1);
        Journals.truncate(seg, lastRecord.offset() + 17);
        VerifyReport.Problem p = expectProblem(VerifyReport.Kind.TRUNCATED_SEGMENT);
        assertEquals(seg, p.file());
        assertEquals(lastRecord.offset(), p.offset());
        assertEquals(lastRecord.seq(), p.seq());
    }

    @Test
    void tailCutBelowTheCheckpointFileIsReported() throws Exception {
        List<Path> segs = segments();
        Path last = segs.get(segs.size() - 1);
        List<JournalRecord> rs = Journals.recordsOf(last);
        JournalRecord finalCheckpoint = rs.get(rs.size() - 1);
        assertEquals(RecordType.CHECKPOINT, finalCheckpoint.type());
        Journals.truncate(last, finalCheckpoint.offset());
        VerifyReport.Problem p = expectProblem(VerifyReport.Kind.TRUNCATED_JOURNAL);
        assertEquals(last, p.file());
        assertEquals(finalCheckpoint.offset(), p.offset());
        assertEquals(finalCheckpoint.seq(), p.seq());
    }

    @Test
    void forgedCheckpointSignatureIsReported() throws Exception {
        byte[] fake = new byte[64];
        List<Long> forgedAt = new ArrayList<>();
        Journals.rechain(dir, (d, prevSeq, prevHash) -> {
            if (d.type() != RecordType.CHECKPOINT || !forgedAt.isEmpty()) {
                return List.of(d);
            }
            forgedAt.add(d.seq());
            Checkpoint cp = Checkpoint.fromJsonUnchecked(d.payload());
            Checkpoint forged = new Checkpoint(cp.nodeId(), cp.seq(), cp.headHash(), cp.timeMillis() + 1,
                    cp.publicKey(), Base64.getEncoder().encodeToString(fake));
            return List.of(new Journals.Draft(d.seq(), d.type(), d.time(), d.retainUntil(), forged.toJson()));
        });
        VerifyReport.Problem p = expectProblem(VerifyReport.Kind.FORGED_SIGNATURE);
        assertEquals((long) forgedAt.get(0), p.seq());
        JournalRecord forged = Journals.readAll(dir).stream().filter(r -> r.seq() == forgedAt.get(0)).findFirst()
                .orElseThrow();
        assertEquals(forged.segment(), p.file());
        assertEquals(forged.offset(), p.offset());
    }

    @Test
    void checkpointsResignedWithAnotherKeyAreReported(@TempDir Path otherKeys) throws Exception {
        ArchiveKeys attacker = ArchiveKeys.loadOrCreate(otherKeys, null);
        List<Long> first = new ArrayList<>();
        Journals.rechain(dir, (d, prevSeq, prevHash) -> {
            if (d.seq() == 50) {
                // the attacker changes a record, then re-signs every checkpoint after it with their own key
                byte[] changed = d.payload().clone();
                changed[0] = 'X';
                return List.of(new Journals.Draft(d.seq(), d.type(), d.time(), d.retainUntil(), changed));
            }
            if (d.type() != RecordType.CHECKPOINT) {
                return List.of(d);
            }
            if (first.isEmpty()) {
                first.add(d.seq());
            }
            Checkpoint cp = Checkpoint.sign(attacker, Journals.NODE, prevSeq, prevHash, d.time());
            return List.of(new Journals.Draft(d.seq(), d.type(), d.time(), d.retainUntil(), cp.toJson()));
        });
        VerifyReport.Problem p = expectProblem(VerifyReport.Kind.UNTRUSTED_KEY);
        assertEquals((long) first.get(0), p.seq());
        assertTrue(p.message().contains(ArchiveKeys.fingerprint(attacker.publicKey())), p.message());
    }

    @Test
    void sequenceGapIsReported() throws Exception {
        Journals.rechain(dir, (d, prevSeq, prevHash) -> List.of(d.seq() >= 300
                ? new Journals.Draft(d.seq() + 1, d.type(), d.time(), d.retainUntil(), d.payload()) : d));
        VerifyReport.Problem p = expectProblem(VerifyReport.Kind.SEQUENCE_GAP);
        assertEquals(301, p.seq());
        assertTrue(p.message().contains("from 299 to 301"), p.message());
    }

    @Test
    void missingCheckpointFileIsReported() throws Exception {
        Files.delete(dir.resolve(Segments.CHECKPOINT_FILE));
        expectProblem(VerifyReport.Kind.CHECKPOINT_FILE);
    }

    @Test
    void verifyOnlyReads() throws Exception {
        List<Path> before = segments();
        long size = Files.size(before.get(before.size() - 1));
        verifier.verify(dir, trusted);
        assertEquals(before, segments());
        assertEquals(size, Files.size(before.get(before.size() - 1)));
    }
}
