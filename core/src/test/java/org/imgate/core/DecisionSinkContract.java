package org.imgate.core;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link DecisionSink} must do, as a test every implementation runs: implement this
 * interface in a test class of the implementing module (the core test-jar publishes it).
 */
public interface DecisionSinkContract {

    /** The sink under test, fresh for each test. */
    DecisionSink sink();

    /** Reads back, from the sink's own storage, the decision stored under {@code seq}. */
    Decision storedDecision(long seq) throws Exception;

    static Decision sampleDecision(int i) {
        ImEvent.Message m = new ImEvent.Message(new SessionId("s-" + i), Network.XMPP,
                Instant.parse("2026-11-22T03:00:00Z").plusSeconds(i), "conv-" + (i % 3),
                Participant.of("alice@example.test"), List.of(Participant.of("bob@example.test").withEmployee("e-7")),
                "message number " + i, "text/plain", Direction.EXTERNAL, "m" + i, null);
        Verdict v = i % 2 == 0 ? Verdict.allow() : new Verdict.Flag("keyword " + i);
        return new Decision(m, v, i % 2 == 0 ? List.of() : List.of("rule-" + i));
    }

    @Test
    default void aRecordedDecisionIsStoredUnderTheSequenceNumberItCompletesWith() throws Exception {
        Decision d = sampleDecision(1);
        long seq = sink().record(d).get(10, TimeUnit.SECONDS);
        assertEquals(d, storedDecision(seq));
    }

    @Test
    default void sequenceNumbersIncreaseInRecordingOrder() throws Exception {
        long previous = 0;
        for (int i = 0; i < 20; i++) {
            long seq = sink().record(sampleDecision(i)).get(10, TimeUnit.SECONDS);
            assertTrue(seq > previous, "seq " + seq + " after " + previous);
            previous = seq;
        }
    }

    @Test
    default void concurrentRecordsAllCompleteWithDistinctSequenceNumbers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            List<CompletableFuture<CompletableFuture<Long>>> submitted = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                int n = i;
                submitted.add(CompletableFuture.supplyAsync(() -> sink().record(sampleDecision(n)), pool));
            }
            for (CompletableFuture<CompletableFuture<Long>> s : submitted) {
                futures.add(s.get(10, TimeUnit.SECONDS));
            }
            Set<Long> seqs = new HashSet<>();
            for (CompletableFuture<Long> f : futures) {
                seqs.add(f.get(10, TimeUnit.SECONDS));
            }
            assertEquals(400, seqs.size());
            long any = seqs.iterator().next();
            assertEquals(ImEvent.Message.class, storedDecision(any).event().getClass());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void everyEventKindIsStoredFaithfully() throws Exception {
        Instant t = Instant.parse("2026-11-22T03:00:00.123456Z");
        SessionId s = new SessionId("sess");
        ClientInfo client = new ClientInfo(Network.MSN, "MSN Messenger", "6.2.0137", "Windows XP", "MSNP8",
                Map.of("CVR", "0x0409 winnt 5.1 i386 MSNMSGR 6.2.0137"), false);
        List<ImEvent> events = List.of(
                new ImEvent.SessionOpened(s, Network.MSN, t, ClientInfo.unknown(Network.MSN), "10.0.0.5:50123"),
                new ImEvent.Login(s, Network.MSN, t, "alice@hotmail.com", "alice@hotmail.com", client),
                new ImEvent.Presence(s, Network.MSN, t, "alice@hotmail.com", "NLN", null),
                new ImEvent.SessionClosed(s, Network.MSN, t, "alice@hotmail.com", "client quit"));
        for (ImEvent e : events) {
            Decision d = new Decision(e, new Verdict.Block("blocked"), List.of("r1"));
            assertEquals(d, storedDecision(sink().record(d).get(10, TimeUnit.SECONDS)));
        }
    }

    @Test
    default void aNullDecisionIsRejectedAtOnce() {
        assertThrows(NullPointerException.class, () -> sink().record(null));
    }
}
