package org.imgate.search.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.util.BytesRef;
import org.imgate.core.Direction;
import org.imgate.core.Network;
import org.imgate.core.Participant;
import org.imgate.search.Hit;
import org.imgate.search.RecordKind;
import org.imgate.search.Snippet;
import org.junit.jupiter.api.Test;

/** A hit packed into a document's stored record reads back exactly as it was indexed. */
class StoredRecordTest {

    @Test
    void aMessageWithEveryValueReadsBackUnchanged() {
        Hit hit = new Hit("node-a", 1_234_567_890_123L, Instant.parse("2003-09-18T14:30:00.123Z"), RecordKind.MESSAGE,
                Network.MSN, "s-42", "conv-7",
                new Participant("alice@corp.example", "E1001"),
                List.of(new Participant("bob@corp.example", "E2002"), new Participant("carol@partner.example", null)),
                Direction.EXTERNAL, "Merger call at 3 \u2014 caf\u00e9 \uD83D\uDE00", null, null, "redact",
                "[redacted]", List.of("codename", "dlp.card"), "2003-09-01.1", "MSN Messenger", "6.0.0602",
                null, Float.NaN);

        assertEquals(hit, roundTrip(hit));
    }

    @Test
    void absentValuesStayAbsentAndEmptyOnesStayEmpty() {
        Hit sessionRecord = new Hit("n", 0, Instant.ofEpochMilli(-5), RecordKind.SESSION_CLOSED, Network.XMPP,
                null, null, null, List.of(), null, null, null, null, "allow", null, List.of(),
                null, null, "", null, Float.NaN);

        Hit read = roundTrip(sessionRecord);

        assertEquals(sessionRecord, read);
        assertEquals(null, read.session());
        assertEquals("", read.clientVersion());
    }

    @Test
    void aLongBodyIsKeptWhole() {
        String body = "x".repeat(300_000);
        Hit hit = new Hit("n", 9, Instant.EPOCH, RecordKind.MESSAGE, Network.XMPP, "s", "c",
                Participant.of("a@x"), List.of(Participant.of("b@x")), Direction.INTERNAL, body, null, null, "allow",
                null, List.of(), null, null, null, null, Float.NaN);

        assertEquals(body, roundTrip(hit).body());
    }

    @Test
    void theSearchesSnippetAndScoreAreAttachedOnReading() {
        Hit hit = new Hit("n", 1, Instant.EPOCH, RecordKind.FILE_OFFER, Network.MSN, "s", "c",
                Participant.of("a@x"), List.of(Participant.of("b@x")), null, null, "plan.doc", null, "block",
                "File transfers are blocked", List.of("no-files"), null, null, null, null, Float.NaN);
        Snippet snippet = new Snippet("plan.doc", List.of());

        Hit read = StoredRecord.decode(StoredRecord.encode(hit), snippet, 2.5f);

        assertEquals(snippet, read.snippet());
        assertEquals(2.5f, read.score());
        assertEquals("plan.doc", read.fileName());
    }

    @Test
    void aDamagedRecordIsReportedAsSuchWithTheCure() {
        BytesRef whole = StoredRecord.encode(new Hit("node", 1, Instant.EPOCH, RecordKind.MESSAGE, Network.MSN,
                "s", "c", Participant.of("a@x"), List.of(), Direction.INTERNAL, "hello", null, null, "allow", null,
                List.of(), null, null, null, null, Float.NaN));
        BytesRef truncated = new BytesRef(Arrays.copyOf(whole.bytes, 8));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> StoredRecord.decode(truncated, null, Float.NaN));
        assertTrue(e.getMessage().contains("damaged stored record") && e.getMessage().contains("imgate reindex"),
                e.getMessage());
    }

    private static Hit roundTrip(Hit hit) {
        return StoredRecord.decode(StoredRecord.encode(hit), null, Float.NaN);
    }
}
