package org.imgate.archive;

import org.imgate.core.ClientInfo;
import org.imgate.core.Decision;
import org.imgate.core.Direction;
import org.imgate.core.ImEvent;
import org.imgate.core.Network;
import org.imgate.core.Participant;
import org.imgate.core.SessionId;
import org.imgate.core.Verdict;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecisionCodecTest {
    private final DecisionCodec codec = new DecisionCodec();
    private final Instant t = Instant.parse("2026-11-22T03:04:05.678901Z");
    private final SessionId s = new SessionId("msn-42");
    private final Participant alice = Participant.of("alice@hotmail.com").withEmployee("E100");
    private final Participant bob = Participant.of("bob@example.test");
    private final ClientInfo client = new ClientInfo(Network.MSN, "MSN Messenger", "6.2.0137", "Windows XP",
            "MSNP8", Map.of("CVR", "0x0409 winnt 5.1 i386 MSNMSGR 6.2.0137 MSMSGS"), true);

    private List<ImEvent> everyEventKind() {
        return List.of(
                new ImEvent.SessionOpened(s, Network.MSN, t, ClientInfo.unknown(Network.MSN), "10.1.2.3:4567"),
                new ImEvent.ClientIdentified(s, Network.MSN, t, null, client),
                new ImEvent.Login(s, Network.MSN, t, "alice@hotmail.com", "alice@hotmail.com", client),
                new ImEvent.SessionClosed(s, Network.XMPP, t, null, "upstream closed"),
                new ImEvent.Message(s, Network.XMPP, t, "room@conf", alice, List.of(bob, alice), "héllo <b>",
                        "text/plain", Direction.EXTERNAL, "id1", "id0"),
                new ImEvent.FileOffer(s, Network.MSN, t, "sb-1", alice, List.of(bob), "q3.xls", -1, null, "msn-invite"),
                new ImEvent.EncryptionDetected(s, Network.XMPP, t, "c", alice, List.of(), "OMEMO"),
                new ImEvent.Presence(s, Network.MSN, t, "alice@hotmail.com", "AWY", "lunch"));
    }

    private List<Verdict> everyVerdictKind() {
        return List.of(Verdict.allow(), new Verdict.Notify("upgrade"), new Verdict.Flag("keyword"),
                new Verdict.Redact("[redacted]"), new Verdict.Block("no"), new Verdict.EndSession("bye"));
    }

    @Test
    void everyEventAndVerdictKindRoundTrips() throws Exception {
        for (ImEvent e : everyEventKind()) {
            for (Verdict v : everyVerdictKind()) {
                Decision d = new Decision(e, v, List.of("r1", "r2"), "2026-11-22.1");
                assertEquals(d, codec.decode(7, codec.encode(d)));
            }
        }
    }

    @Test
    void thePolicyVersionIsKeptAndOlderRecordsWithoutOneStillDecode() throws Exception {
        Decision versioned = new Decision(everyEventKind().get(4), Verdict.allow(), List.of(), "2026-11-22.1");
        String json = new String(codec.encode(versioned), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"policyVersion\":\"2026-11-22.1\""), json);

        String older = json.replace(",\"policyVersion\":\"2026-11-22.1\"", "");
        Decision decoded = codec.decode(8, older.getBytes(StandardCharsets.UTF_8));
        assertEquals(null, decoded.policyVersion());
        assertEquals(versioned.event(), decoded.event());
    }

    @Test
    void payloadsCarryATypeDiscriminator() {
        Decision d = new Decision(everyEventKind().get(4), new Verdict.Redact("x"), List.of("r"));
        String json = new String(codec.encode(d), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"type\":\"message\""), json);
        assertTrue(json.contains("\"type\":\"redact\""), json);
        assertTrue(json.contains("\"session\":\"msn-42\""), json);
        assertTrue(json.contains("\"timestamp\":\"2026-11-22T03:04:05.678901Z\""), json);
    }

    @Test
    void garbledPayloadsFailNamingTheSequenceNumber() {
        List<String> bad = List.of("", "not json", "{}", "null",
                "{\"event\":{\"type\":\"telepathy\"},\"verdict\":{\"type\":\"allow\"},\"matchedRules\":[]}",
                "{\"event\":{\"type\":\"presence\",\"session\":\"s\",\"network\":\"MSN\"},\"verdict\":{\"type\":\"allow\"}}",
                "{\"event\":{\"type\":\"presence\",\"session\":\"s\",\"network\":\"MSN\",\"timestamp\":\"2026-01-01T00:00:00Z\","
                        + "\"handle\":\"a\",\"status\":\"NLN\",\"mood\":1},\"verdict\":{\"type\":\"allow\"},\"matchedRules\":[]}");
        for (String b : bad) {
            PayloadException e = assertThrows(PayloadException.class,
                    () -> codec.decode(4242, b.getBytes(StandardCharsets.UTF_8)), b);
            assertTrue(e.getMessage().startsWith("record seq 4242: "), e.getMessage());
            assertEquals(4242, e.seq());
        }
    }
}
