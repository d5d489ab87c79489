package org.imgate.archive;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Verify is read-only and gives a clean report while the writer keeps appending, rolling and signing. */
class LiveVerifyTest {

    @TempDir
    Path data;

    @Test
    void verifyPassesWhileTheJournalIsBeingWritten() throws Exception {
        ArchiveConfig cfg = new ArchiveConfig(null, null, 65_536L, 200, Duration.ofMillis(50), Duration.ofMillis(1),
                128);
        AtomicBoolean stop = new AtomicBoolean();
        try (Journal j = Journal.open(Journals.settings(data, cfg, Clock.systemUTC()))) {
            PublicKey key = ArchiveKeys.readPublicKey(j.keys().publicKeyFile());
            Thread writer = new Thread(() -> {
                int i = 0;
                while (!stop.get()) {
                    List<CompletableFuture<Long>> fs = new java.util.ArrayList<>();
                    for (int k = 0; k < 50; k++) {
                        fs.add(j.append(RecordType.DECISION, Journals.payload(i++)));
                    }
                    fs.forEach(CompletableFuture::join);
                }
            });
            writer.start();
            try {
                long lastSeen = 0;
                for (int round = 0; round < 5; round++) {
                    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    while (j.lastSequence() < lastSeen + 500 && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    long durable = j.lastSequence();
                    assertTrue(durable > lastSeen, "the writer makes progress");
                    VerifyReport r = new JournalVerifier().verify(j.directory(), key);
                    assertTrue(r.ok(), r::summary);
                    assertTrue(r.lastSeq() >= durable, () -> "verify saw every durable record: " + r.summary());
                    lastSeen = durable;
                }
            } finally {
                stop.set(true);
                writer.join();
            }
        }
    }
}
