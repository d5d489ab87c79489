package org.imgate.archive;

import org.imgate.core.Decision;
import org.imgate.core.Direction;
import org.imgate.core.MutableClock;
import org.imgate.core.ImEvent;
import org.imgate.core.Network;
import org.imgate.core.Participant;
import org.imgate.core.SessionId;
import org.imgate.core.Verdict;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retention, purge and legal hold, with a clock the test moves. */
class RetentionTest {
    private static final Instant T0 = Instant.parse("2026-01-10T09:00:00Z");
    private static final String CAROL = "carol@example.test";

    @TempDir
    Path data;
    private final MutableClock clock = new MutableClock(T0);
    private final ArchiveConfig config = new ArchiveConfig(null, Period.ofDays(1), 65_536L, 100,
            Duration.ofSeconds(30), Duration.ofMillis(1), 256);
    private Path dir;
    private long carolSeq;

    private Journal open() throws JournalException {
        return Journal.open(Journals.settings(data, config, clock));
    }

    private static Decision message(int i, String sender) {
        return new Decision(new ImEvent.Message(new SessionId("s" + i), Network.MSN, T0.plusSeconds(i % 60), "c",
                Participant.of(sender), List.of(Participant.of("bob@example.test")), "x".repeat(200), "text/plain",
                Direction.INTERNAL, null, null), Verdict.allow(), List.of());
    }

    @BeforeEach
    void writeOneDayOfDecisions() throws Exception {
        try (Journal j = open()) {
            dir = j.directory();
            List<CompletableFuture<Long>> fs = new ArrayList<>();
            for (int i = 0; i < 1200; i++) {
                fs.add(j.record(message(i, i == 10 ? CAROL : "alice@example.test")));
            }
            carolSeq = fs.get(10).get();
            for (CompletableFuture<Long> f : fs) {
                f.get();
            }
        }
        assertTrue(Segments.list(dir).size() >= 5);
    }

    private VerifyReport verify() throws JournalException {
        PublicKey key = ArchiveKeys.readPublicKey(data.resolve("keys").resolve(ArchiveKeys.PUBLIC_KEY_FILE));
        return new JournalVerifier().verify(dir, key);
    }

    @Test
    void nothingIsPurgedBeforeItExpires() throws Exception {
        clock.advance(Duration.ofHours(23));
        try (Journal j = open()) {
            PurgeReport r = j.purge(clock.instant());
            assertEquals(-1, r.purgeSeq());
            assertTrue(r.removed().isEmpty());
        }
    }

    @Test
    void expiredSegmentsArePurgedWithAPurgeRecordAndTheChainStillVerifies() throws Exception {
        List<Path> before = Segments.list(dir);
        clock.advance(Duration.ofDays(2));
        PurgeReport report;
        try (Journal j = open()) {
            report = j.purge(clock.instant());
        }
        List<Path> after = Segments.list(dir);
        assertEquals(before.size() - 1, report.removed().size(), "every sealed segment expired");
        assertEquals(List.of(before.get(before.size() - 1)), after, "the segment being written stays");
        assertTrue(report.recordsRemoved() > 1000);
        JournalRecord purge = Journals.readAll(dir).stream().filter(r -> r.seq() == report.purgeSeq())
                .findFirst().orElseThrow();
        assertEquals(RecordType.PURGE, purge.type());
        PurgeRecord content = PurgeRecord.fromJson(purge.seq(), purge.payload());
        assertEquals(before.get(0).getFileName().toString(), content.segments().get(0).file());
        VerifyReport v = verify();
        assertTrue(v.ok(), v::summary);
        try (Journal j = open()) {
            assertTrue(j.lastSequence() > report.purgeSeq());
        }
    }

    @Test
    void aLegalHoldKeepsItsSegmentUntilReleasedEvenAcrossRestarts() throws Exception {
        Path carolSegment = Journals.readAll(dir).stream().filter(r -> r.seq() == carolSeq).findFirst()
                .orElseThrow().segment();
        try (Journal j = open()) {
            j.placeLegalHold(new LegalHold("case-17", CAROL, T0.minusSeconds(3600), T0.plusSeconds(3600),
                    "litigation", "legal@example.test")).get();
        }
        clock.advance(Duration.ofDays(3));
        try (Journal j = open()) {
            assertTrue(j.legalHolds().containsKey("case-17"), "the hold survives a restart");
            PurgeReport r = j.purge(clock.instant());
            assertEquals(1, r.keptForHold());
            assertFalse(r.removed().isEmpty());
            assertTrue(Files.exists(carolSegment), "held segment kept");
        }
        VerifyReport v = verify();
        assertTrue(v.ok(), v::summary);

        try (Journal j = open()) {
            j.releaseLegalHold(new LegalHoldRelease("case-17", "legal@example.test", "case closed")).get();
            clock.advance(Duration.ofDays(2));
            j.purge(clock.instant());
        }
        assertFalse(Files.exists(carolSegment), "released hold no longer keeps the segment");
        v = verify();
        assertTrue(v.ok(), v::summary);
    }

    @Test
    void deletedFirstSegmentsWithoutAPurgeRecordAreCaught() throws Exception {
        Files.delete(Segments.list(dir).get(0));
        VerifyReport v = verify();
        assertFalse(v.ok());
        assertEquals(VerifyReport.Kind.MISSING_SEGMENTS, v.problem().kind());
        assertEquals(1, v.problem().seq());
    }

    @Test
    void aDeletedSegmentWithoutAPurgeRecordIsCaught() throws Exception {
        Path second = Segments.list(dir).get(1);
        Files.delete(second);
        VerifyReport v = verify();
        assertFalse(v.ok());
        assertEquals(VerifyReport.Kind.TRUNCATED_SEGMENT, v.problem().kind());
        assertEquals(Segments.list(dir).get(0), v.problem().file());
    }
}
