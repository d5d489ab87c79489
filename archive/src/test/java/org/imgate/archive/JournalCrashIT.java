package org.imgate.archive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process killed with SIGKILL while appending hard loses no record it had acknowledged; while it
 * runs, its lock keeps a second writer (this JVM) out.
 */
class JournalCrashIT {

    @TempDir
    Path data;

    @Test
    void sigkillDuringHeavyAppendingLosesNoAcknowledgedRecord() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), CrashAppender.class.getName(),
                data.toString());
        pb.redirectError(data.resolve("child-stderr.txt").toFile());
        Process child = pb.start();
        Set<Long> acked = ConcurrentHashMap.newKeySet();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.US_ASCII))) {
                String line;
                while ((line = r.readLine()) != null) {
                    acked.add(Long.parseLong(line.strip()));
                }
            } catch (Exception e) {
                // the pipe breaks when the child dies; what was read is what counts
            }
        });
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acked.size() < 50_000 && System.nanoTime() < deadline && child.isAlive()) {
            Thread.sleep(20);
        }
        assertTrue(child.isAlive(), "the child must still be appending when killed");
        JournalException locked = assertThrows(JournalException.class, () -> Journals.open(data));
        assertEquals("journal " + Segments.journalDir(data, Journals.NODE)
                + " is in use by another imgate process", locked.getMessage());
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        reader.join(10_000);
        assertTrue(acked.size() > 1_000, "child acknowledged only " + acked.size() + " records");

        long last;
        try (Journal j = Journals.open(data)) {
            last = j.lastSequence();
        }
        Set<Long> present = new HashSet<>();
        for (JournalRecord r : Journals.readAll(Segments.journalDir(data, Journals.NODE))) {
            present.add(r.seq());
        }
        Set<Long> lost = new HashSet<>(acked);
        lost.removeAll(present);
        assertEquals(Set.of(), lost, "acknowledged records lost");
        assertTrue(last >= acked.stream().mapToLong(Long::longValue).max().orElseThrow());

        VerifyReport report = new JournalVerifier().verify(Segments.journalDir(data, Journals.NODE),
                ArchiveKeys.readPublicKey(data.resolve("keys").resolve(ArchiveKeys.PUBLIC_KEY_FILE)));
        assertTrue(report.ok(), report::summary);
    }
}
