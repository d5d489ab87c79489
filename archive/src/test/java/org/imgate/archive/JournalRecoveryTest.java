package org.imgate.archive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalRecoveryTest {

    @TempDir
    Path data;

    private Path lastSegment(Path dir) throws JournalException {
        List<Path> segs = Segments.list(dir);
        return segs.get(segs.size() - 1);
    }

    @Test
    void aTornTailIsCutOffAndReportedAndEverythingBeforeItStays() throws Exception {
        Path dir = Journals.writeJournal(data, 300);
        List<JournalRecord> before = Journals.readAll(dir);
        Path last = lastSegment(dir);
        long intactSize = Files.size(last);
        JournalRecord sample = before.get(before.size() - 2);
        byte[] bytes = Files.readAllBytes(sample.segment());
        byte[] partial = Arrays.copyOfRange(bytes, (int) sample.offset(),
                (int) (sample.offset() + Journals.recordLength(sample) / 2));
        Files.write(last, partial, StandardOpenOption.APPEND);

        try (Journal j = Journals.open(data)) {
            String report = j.recoveryReport();
            assertNotNull(report, "the torn tail must be reported");
            assertTrue(report.contains(last.toString()) && report.contains("offset " + intactSize), report);
            assertEquals(intactSize, Files.size(last));
            assertEquals(before.get(before.size() - 1).seq(), j.lastSequence());
            assertEquals(j.lastSequence() + 1, j.append(RecordType.AUDIT, new byte[]{7}).get());
        }
        List<JournalRecord> after = Journals.readAll(dir);
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i).hash(), after.get(i).hash());
        }
        assertTrue(new JournalVerifier().verify(dir, key()).ok());
    }

    @Test
    void aZeroFilledTailIsTreatedAsTorn() throws Exception {
        Path dir = Journals.writeJournal(data, 50);
        Path last = lastSegment(dir);
        long intact = Files.size(last);
        Files.write(last, new byte[4096], StandardOpenOption.APPEND);
        try (Journal j = Journals.open(data)) {
            assertNotNull(j.recoveryReport());
        }
        assertEquals(intact, Files.size(last));
        assertTrue(new JournalVerifier().verify(dir, key()).ok());
    }

    @Test
    void aCleanJournalReportsNoRecovery() throws Exception {
        Journals.writeJournal(data, 20);
        try (Journal j = Journals.open(data)) {
            assertNull(j.recoveryReport());
        }
    }

    @Test
    void aCorruptRecordInTheMiddleOfTheLastSegmentStopsTheOpen() throws Exception {
        Path dir = Journals.writeJournal(data, 300);
        Path last = lastSegment(dir);
        JournalRecord victim = Journals.recordsOf(last).get(3);
        Journals.flipByte(last, victim.offset() + 100);
        long sizeBefore = Files.size(last);
        JournalException e = assertThrows(JournalException.class, () -> Journals.open(data));
        assertTrue(e.getMessage().contains(last + " offset " + victim.offset()), e.getMessage());
        assertTrue(e.getMessage().contains("seq " + victim.seq()), e.getMessage());
        assertEquals(sizeBefore, Files.size(last), "nothing is cut or overwritten");
        // the lock was released: a repaired journal can be opened again
        Journals.flipByte(last, victim.offset() + 100);
        Journals.open(data).close();
    }

    @Test
    void aCorruptRecordInAnEarlierSegmentStopsTheOpen() throws Exception {
        Path dir = Journals.writeJournal(data, 1000);
        Path first = Segments.list(dir).get(0);
        JournalRecord victim = Journals.recordsOf(first).get(7);
        Journals.flipByte(first, victim.offset() + 60);
        JournalException e = assertThrows(JournalException.class, () -> Journals.open(data));
        assertTrue(e.getMessage().contains(first + " offset " + victim.offset()), e.getMessage());
    }

    @Test
    void aTailCutBelowTheSignedCheckpointStopsTheOpen() throws Exception {
        Path dir = Journals.writeJournal(data, 300);
        Path last = lastSegment(dir);
        List<JournalRecord> rs = Journals.recordsOf(last);
        Journals.truncate(last, rs.get(rs.size() - 1).offset());
        JournalException e = assertThrows(JournalException.class, () -> Journals.open(data));
        assertTrue(e.getMessage().contains("CHECKPOINT"), e.getMessage());
        assertTrue(e.getMessage().contains("acknowledged records are missing"), e.getMessage());
    }

    private java.security.PublicKey key() throws JournalException {
        return ArchiveKeys.readPublicKey(data.resolve("keys").resolve(ArchiveKeys.PUBLIC_KEY_FILE));
    }
}
