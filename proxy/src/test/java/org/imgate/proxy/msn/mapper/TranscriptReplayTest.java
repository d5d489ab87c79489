package org.imgate.proxy.msn.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.imgate.core.ClientInfo;
import org.imgate.core.Direction;
import org.imgate.core.ImEvent;
import org.imgate.core.Participant;
import org.imgate.proxy.msn.Transcript;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.codec.MsnDecoder;
import org.imgate.proxy.msn.codec.Origin;
import org.junit.jupiter.api.Test;

/** The recorded Escargot transcripts (msnp.md §3) replayed through codec and mapper. */
class TranscriptReplayTest {

    /** Replays each connection of a transcript; {@code random} splits every chunk at random points. */
    private static Map<String, SessionHarness> replay(String file, Random random) throws Exception {
        Map<String, SessionHarness> sessions = new LinkedHashMap<>();
        for (Transcript.Chunk chunk : Transcript.load(file).chunks()) {
            SessionHarness h = sessions.computeIfAbsent(chunk.connection(), name -> new SessionHarness(name,
                    chunk.isSwitchboard() ? SessionRole.SWITCHBOARD : SessionRole.NOTIFICATION));
            byte[] bytes = chunk.bytes();
            int pos = 0;
            while (pos < bytes.length) {
                int n = random == null ? bytes.length : Math.min(bytes.length - pos, 1 + random.nextInt(40));
                h.feed(chunk.origin(), java.util.Arrays.copyOfRange(bytes, pos, pos + n));
                pos += n;
            }
        }
        for (SessionHarness h : sessions.values()) {
            h.framing.decoder(Origin.CLIENT).endOfInput();
            h.framing.decoder(Origin.SERVER).endOfInput();
        }
        return sessions;
    }

    @Test
    void msn50LoginOverMsnp8() throws Exception {
        SessionHarness a = replay("escargot-loopback.txt", null).get("NS-A");
        ImEvent.Login login = a.all(ImEvent.Login.class).get(0);
        assertEquals("t1e@example.com", login.handle());
        assertEquals("t1e@example.com", login.identity());
        ClientInfo client = login.client();
        assertEquals("MSN Messenger", client.family());
        assertEquals("5.0.0544", client.version());
        assertEquals("Windows XP", client.os());
        assertEquals("MSNP8", client.protocolVersion());
        assertFalse(client.spoofed());
        ImEvent.ClientIdentified first = a.all(ImEvent.ClientIdentified.class).get(0);
        assertEquals("t1e@example.com", first.handle(), "the CVR names the user before login");
        assertTrue(a.events.indexOf(first) < a.events.indexOf(login), "identified before login: policy can refuse");
        List<String> presence = a.all(ImEvent.Presence.class).stream().map(p -> p.handle() + " " + p.status()).toList();
        assertEquals(List.of("t1e@example.com NLN", "t2e@example.com NLN"), presence);
    }

    @Test
    void msn62LoginOverMsnp10WithItsClientId() throws Exception {
        SessionHarness b = replay("escargot-loopback.txt", null).get("NS-B");
        ImEvent.Login login = b.all(ImEvent.Login.class).get(0);
        assertEquals("t2e@example.com", login.identity());
        assertEquals("6.2.0208", login.client().version());
        assertEquals("MSNP10", login.client().protocolVersion());
        List<ImEvent.ClientIdentified> ids = b.all(ImEvent.ClientIdentified.class);
        ClientInfo last = ids.get(ids.size() - 1).client();
        assertEquals("805306404", last.raw().get("CHG"));
        assertFalse(last.spoofed(), last.raw().toString());
        assertTrue(b.all(ImEvent.Presence.class).stream()
                .anyMatch(p -> p.handle().equals("t1e@example.com") && p.status().equals("NLN")), "ILN of a contact");
    }

    @Test
    void msn75LoginOverMsnp12WithPersonalMessage() throws Exception {
        Map<String, SessionHarness> all = replay("escargot-loopback.txt", null);
        SessionHarness c = all.get("NS-C");
        ImEvent.Login login = c.all(ImEvent.Login.class).get(0);
        assertEquals("t3e@example.com", login.identity());
        assertEquals("7.5.0324", login.client().version());
        assertEquals("MSNP12", login.client().protocolVersion());
        assertTrue(c.all(ImEvent.Presence.class).stream()
                .anyMatch(p -> "compliance test".equals(p.statusText()) && p.handle().equals("t3e@example.com")));
        ClientInfo last = c.all(ImEvent.ClientIdentified.class).get(c.all(ImEvent.ClientIdentified.class).size() - 1)
                .client();
        assertFalse(last.spoofed(), last.raw().toString());
        assertTrue(all.get("NS-D").events.isEmpty(), "refused VER: nothing happened");
    }

    @Test
    void switchboardChatFromBothSides() throws Exception {
        Map<String, SessionHarness> all = replay("escargot-loopback.txt", null);
        SessionHarness a = all.get("SB-A");
        SessionHarness b = all.get("SB-B");
        String conversation = "msn-sb:a4b1f93563e849f929fb51c4b095b4f";
        assertEquals(conversation, a.mapper.conversationId());
        assertEquals(conversation, b.mapper.conversationId(), "both ends land in one conversation");

        List<ImEvent.Message> seenByA = a.all(ImEvent.Message.class);
        assertEquals(2, seenByA.size(), "two IMs; the typing notice is not a message");
        ImEvent.Message hello = seenByA.get(0);
        assertEquals(Participant.of("t1e@example.com"), hello.sender());
        assertEquals(List.of(Participant.of("t2e@example.com")), hello.recipients());
        assertEquals("Hello from A", hello.body());
        assertEquals("FN=Arial; EF=; CO=0; CS=0; PF=22", hello.format());
        assertEquals(Direction.INTERNAL, hello.direction());
        assertEquals("3", hello.messageId());
        ImEvent.Message reply = seenByA.get(1);
        assertEquals("t2e@example.com", reply.sender().handle());
        assertEquals(List.of(Participant.of("t1e@example.com")), reply.recipients());
        assertEquals("Hi A é", reply.body(), "UTF-8 body decoded");
        assertEquals("FN=Arial; EF=B; CO=ff; CS=0; PF=22", reply.format());

        List<String> seenByB = b.all(ImEvent.Message.class).stream()
                .map(m -> m.sender().handle() + ": " + m.body()).toList();
        assertEquals(List.of("t1e@example.com: Hello from A", "t2e@example.com: Hi A é"), seenByB);
        assertEquals(List.of(), a.mapper.participants(), "B left (BYE)");
    }

    @Test
    void md5LoginOfWindowsMessenger47OverMsnp7() throws Exception {
        SessionHarness s = replay("escargot-md5-msnp7.txt", null).get("NS-47");
        ImEvent.Login login = s.all(ImEvent.Login.class).get(0);
        assertEquals("t4e@example.com", login.identity());
        assertTrue(login.client().isUnknown(), "MSNP7 clients send CVR only after login");
        assertEquals("MSNP7", login.client().protocolVersion());
        ImEvent.ClientIdentified id = s.all(ImEvent.ClientIdentified.class).get(0);
        assertEquals("t4e@example.com", id.handle());
        assertEquals("Windows Messenger", id.client().family());
        assertEquals("4.7.3001", id.client().version());
        assertFalse(id.client().spoofed(), id.client().raw().toString());
    }

    @Test
    void randomlySplitChunksGiveTheSameEvents() throws Exception {
        for (String file : List.of("escargot-loopback.txt", "escargot-md5-msnp7.txt")) {
            Map<String, SessionHarness> whole = replay(file, null);
            for (int seed = 1; seed <= 5; seed++) {
                Map<String, SessionHarness> split = replay(file, new Random(seed));
                for (String conn : whole.keySet()) {
                    assertEquals(whole.get(conn).events, split.get(conn).events, file + " " + conn + " seed " + seed);
                }
            }
        }
    }

    @Test
    void ticketsMspAuthAndTheProfileNeverReachAnEvent() throws Exception {
        List<String> secrets = List.of(
                "MSPAuth", "cde0b24bb808f2b185fc", "4d6750638e83f01d8bdc", "fb086e8bf6670c371a96",
                "838a39d433de0f3c39a5", "Y6+H31sTUOFkqjNTDYq", "MemberIdHigh", "3807104556", "ClientPort",
                "e792ae29c6679ab46c33a5b9bbbace78", "305f6a222928250", "ct=1,rver=1", "wp=FS_40SEC");
        List<ImEvent> events = new ArrayList<>();
        for (String file : List.of("escargot-loopback.txt", "escargot-md5-msnp7.txt")) {
            replay(file, null).values().forEach(h -> events.addAll(h.events));
        }
        assertTrue(events.size() > 15, "the replay produced events to check");
        for (ImEvent event : events) {
            String text = event.toString();
            for (String secret : secrets) {
                assertFalse(text.contains(secret), "event leaks " + secret + ": " + event.getClass().getSimpleName());
            }
        }
    }

    @Test
    void gatewayResponseBodiesAreMsnpCommands() throws Exception {
        Transcript gateway = Transcript.load("escargot-gateway.txt");
        MsnDecoder decoder = new MsnDecoder(Origin.SERVER);
        List<String> verbs = new ArrayList<>();
        for (Transcript.Chunk chunk : gateway.chunks()) {
            for (MsnCommand c : decoder.decode(chunk.bytes())) {
                verbs.add(c.verb() + " " + c.trId());
            }
        }
        assertEquals(List.of("VER 1", "CVR 2", "USR 3"), verbs);
    }
}
