package org.imgate.proxy.msn.mapper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.imgate.core.Direction;
import org.imgate.core.ImEvent;
import org.imgate.core.Participant;
import org.imgate.proxy.msn.TestMessages;
import org.imgate.proxy.msn.codec.MsnProtocolException;
import org.imgate.proxy.msn.codec.Origin;
import org.imgate.proxy.msn.identify.ClientEvidence;
import org.junit.jupiter.api.Test;

class MsnSessionMapperTest {

    /** Alice's switchboard after she called Bob and Carol joined too. */
    private static SessionHarness aliceWithBobAndCarol(String carol) throws MsnProtocolException {
        SessionHarness sb = new SessionHarness("sb-1", SessionRole.SWITCHBOARD);
        sb.client("USR 1 alice@corp.example 17262740.1050826919.32308\r\n");
        sb.server("USR 1 OK alice@corp.example Alice%20Smith\r\n");
        sb.client("CAL 2 bob@corp.example\r\n");
        sb.server("CAL 2 RINGING 11752013\r\nJOI bob@corp.example Bob\r\nJOI " + carol + " Carol\r\n");
        return sb;
    }

    @Test
    void messageToAnOutsiderIsExternal() throws Exception {
        SessionHarness sb = aliceWithBobAndCarol("carol@partner.example");
        List<ImEvent> events = sb.feed(Origin.CLIENT, TestMessages.clientMsg(3, "N",
                TestMessages.text("Quarterly numbers attached é", "FN=MS%20Sans%20Serif; EF=B; CO=ff0000; CS=0; PF=22")));
        ImEvent.Message m = (ImEvent.Message) events.get(0);
        assertEquals("msn-sb:11752013", m.conversationId());
        assertEquals(List.of(Participant.of("bob@corp.example"), Participant.of("carol@partner.example")),
                m.recipients());
        assertEquals(Direction.EXTERNAL, m.direction());
        assertEquals("Quarterly numbers attached é", m.body());
    }

    @Test
    void incomingMessageGoesToTheUserAndTheOtherParticipants() throws Exception {
        SessionHarness sb = aliceWithBobAndCarol("carol@corp.example");
        ImEvent.Message m = (ImEvent.Message) sb.feed(Origin.SERVER, TestMessages.serverMsg("bob@corp.example", "Bob",
                TestMessages.text("hi all", null))).get(0);
        assertEquals("bob@corp.example", m.sender().handle());
        assertEquals(List.of(Participant.of("alice@corp.example"), Participant.of("carol@corp.example")),
                m.recipients());
        assertEquals(Direction.INTERNAL, m.direction());
        assertEquals("text/plain", m.format(), "no X-MMS-IM-Format: the MIME type");
        assertNull(m.messageId());
    }

    @Test
    void participantsWhoLeaveAreNoLongerRecipients() throws Exception {
        SessionHarness sb = aliceWithBobAndCarol("carol@partner.example");
        sb.server("BYE carol@partner.example\r\n");
        ImEvent.Message m = (ImEvent.Message) sb.feed(Origin.CLIENT,
                TestMessages.clientMsg(4, "A", TestMessages.text("just us", null))).get(0);
        assertEquals(List.of(Participant.of("bob@corp.example")), m.recipients());
        assertEquals(Direction.INTERNAL, m.direction());
    }

    @Test
    void declaredCharsetIsHonoured() throws Exception {
        SessionHarness sb = aliceWithBobAndCarol("carol@corp.example");
        byte[] payload = "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n\r\nse\u00f1or"
                .getBytes(Charset.forName("ISO-8859-1"));
        ImEvent.Message m = (ImEvent.Message) sb.feed(Origin.CLIENT, TestMessages.clientMsg(5, "N", payload)).get(0);
        assertEquals("señor", m.body());
    }

    @Test
    void typingNudgesAndVoiceInvitationsAreNotMessages() throws Exception {
        SessionHarness sb = aliceWithBobAndCarol("carol@corp.example");
        assertTrue(sb.feed(Origin.CLIENT, TestMessages.clientMsg(5, "U",
                TestMessages.typing("alice@corp.example"))).isEmpty());
        assertTrue(sb.feed(Origin.CLIENT, TestMessages.clientMsg(6, "N", TestMessages.nudge())).isEmpty());
        assertTrue(sb.feed(Origin.SERVER, TestMessages.serverMsg("bob@corp.example", "Bob",
                TestMessages.voiceInvite("99"))).isEmpty());
    }

    @Test
    void legacyFileInvitationIsAFileOffer() throws Exception {
        SessionHarness sb = aliceWithBobAndCarol("carol@corp.example");
        ImEvent.FileOffer offer = (ImEvent.FileOffer) sb.feed(Origin.CLIENT,
                TestMessages.clientMsg(5, "N", TestMessages.fileInvite("q3.xls", 23040, "48213"))).get(0);
        assertEquals("q3.xls", offer.fileName());
        assertEquals(23040, offer.size());
        assertEquals("msn-invite", offer.method());
        assertEquals("alice@corp.example", offer.sender().handle());
        assertEquals(2, offer.recipients().size());
    }

    @Test
    void msnslpFileInviteSplitOverTwoMessagesIsOneFileOffer() throws Exception {
        SessionHarness sb = aliceWithBobAndCarol("carol@corp.example");
        byte[] slp = TestMessages.slpFileInvite("bob@corp.example", "alice@corp.example", "Plan ü.doc", 98_304);
        byte[][] chunks = TestMessages.p2pChunks("alice@corp.example", slp, 700);
        assertEquals(2, chunks.length);
        assertTrue(sb.feed(Origin.SERVER, TestMessages.serverMsg("bob@corp.example", "Bob", chunks[0])).isEmpty());
        ImEvent.FileOffer offer = (ImEvent.FileOffer) sb.feed(Origin.SERVER,
                TestMessages.serverMsg("bob@corp.example", "Bob", chunks[1])).get(0);
        assertEquals("Plan ü.doc", offer.fileName());
        assertEquals(98_304, offer.size());
        assertEquals("msnslp", offer.method());
        assertEquals(List.of(Participant.of("alice@corp.example")), offer.recipients(), "P2P-Dest");
        assertEquals("{9D79AE57-1BD5-444B-B14E-3FC9BB2B5D58}",
                sb.mapper.completedSlpOffer().orElseThrow().headers().value("Call-ID"), "kept for a decline");
        sb.feed(Origin.SERVER, TestMessages.serverMsg("bob@corp.example", "Bob", TestMessages.typing("bob@corp.example")));
        assertTrue(sb.mapper.completedSlpOffer().isEmpty(), "only the command that completed the offer has it");
    }

    @Test
    void ownClientCapsRevealAThirdPartyClient() throws Exception {
        ClientEvidence fromNs = ClientEvidence.NONE.withVer(List.of("MSNP9", "MSNP8", "CVR0"), 1L)
                .withNegotiatedVersion(9).withCvr(org.imgate.proxy.msn.identify.CvrFields.parse(
                        List.of("0x0409 winnt 5.1 i386 MSNMSGR 6.0.0602 MSMSGS alice@corp.example".split(" "))));
        SessionHarness sb = new SessionHarness("sb-2", SessionRole.SWITCHBOARD, fromNs);
        sb.client("ANS 1 alice@corp.example 849102291.520491113 11752013\r\n");
        sb.server("IRO 1 1 1 bob@corp.example Bob\r\nANS 1 OK\r\n");
        assertTrue(sb.feed(Origin.SERVER, TestMessages.serverMsg("bob@corp.example", "Bob",
                TestMessages.clientCaps("Miranda IM 0.4"))).isEmpty(), "the contact's client is not ours");
        ImEvent.ClientIdentified id = (ImEvent.ClientIdentified) sb.feed(Origin.CLIENT,
                TestMessages.clientMsg(2, "U", TestMessages.clientCaps("Gaim/1.5.0"))).get(0);
        assertEquals("alice@corp.example", id.handle());
        assertEquals("Gaim", id.client().family());
        assertTrue(id.client().spoofed());
        assertEquals("msn-sb:11752013", sb.mapper.conversationId());
        assertEquals(List.of("bob@corp.example"), sb.mapper.participants());
    }

    @Test
    void malformedMessageEndsTheSessionNamingTheConversation() throws Exception {
        SessionHarness sb = aliceWithBobAndCarol("carol@corp.example");
        MsnProtocolException e = assertThrows(MsnProtocolException.class, () -> sb.feed(Origin.SERVER,
                TestMessages.serverMsg("bob@corp.example", "Bob", "no headers at all".getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().contains("MSG from bob@corp.example in conversation msn-sb:11752013"), e.getMessage());
    }

    @Test
    void lyingP2pHeaderEndsTheSession() throws Exception {
        SessionHarness sb = aliceWithBobAndCarol("carol@corp.example");
        byte[] chunk = TestMessages.p2pChunks("alice@corp.example", new byte[100], 1000)[0];
        int headerStart = chunk.length - 100 - 48 - 4;
        chunk[headerStart + 24] = (byte) 0xff;
        assertThrows(MsnProtocolException.class, () -> sb.feed(Origin.SERVER,
                TestMessages.serverMsg("bob@corp.example", "Bob", chunk)));
    }

    @Test
    void aSwitchboardNobodyJoinedYetStillMapsByeAndMessages() throws Exception {
        SessionHarness sb = new SessionHarness("sb-2", SessionRole.SWITCHBOARD);
        sb.client("USR 1 alice@corp.example 17262740.1050826919.32308\r\n");
        sb.server("USR 1 OK alice@corp.example Alice%20Smith\r\nBYE bob@corp.example\r\n");
        ImEvent.Message m = (ImEvent.Message) sb.feed(Origin.CLIENT,
                TestMessages.clientMsg(2, "N", TestMessages.text("anyone?", null))).get(0);
        assertEquals(List.of(), m.recipients());
        assertEquals(List.of(), sb.mapper.participants());
    }

    @Test
    void aPersonalMessageFromAContactNotSeenOnlineBeforeCountsAsOnline() throws Exception {
        SessionHarness ns = new SessionHarness("ns-2", SessionRole.NOTIFICATION);
        ns.client("VER 1 MSNP11 CVR0\r\n");
        ns.server("VER 1 MSNP11\r\nUSR 2 OK alice@corp.example 1 0\r\n");
        String psm = "<Data><PSM>travelling</PSM></Data>";
        ns.server("UBX dave@corp.example " + psm.length() + "\r\n" + psm);
        ns.server("NLN IDL dave@corp.example Dave 0\r\nUBX dave@corp.example " + psm.length() + "\r\n" + psm);
        assertEquals(List.of("NLN travelling", "IDL", "IDL travelling"), ns.all(ImEvent.Presence.class).stream()
                .map(p -> p.status() + (p.statusText() == null ? "" : " " + p.statusText())).toList());
    }

    @Test
    void notificationPresenceOfUserAndContacts() throws Exception {
        SessionHarness ns = new SessionHarness("ns-1", SessionRole.NOTIFICATION);
        ns.client("VER 1 MSNP11 MSNP10 CVR0\r\n");
        ns.server("VER 1 MSNP11\r\n");
        ns.client("CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 7.0.0816 msmsgs alice@corp.example\r\n");
        ns.client("USR 3 TWN I alice@corp.example\r\n");
        ns.server("USR 3 TWN S lc=1033,id=507,tw=40\r\n");
        ns.client("USR 4 TWN S t=secret-ticket&p=secret-profile\r\n");
        ns.server("USR 4 OK alice@corp.example 1 0\r\n");
        ns.client("CHG 5 AWY 1073791012\r\n");
        String psm = "<Data><PSM>R&amp;D &#x263A;</PSM><CurrentMedia/></Data>";
        ns.client("UUX 6 " + psm.length() + "\r\n" + psm);
        ns.server("NLN BSY bob@corp.example Bob 268435500\r\nFLN carol@corp.example\r\n");
        String bobPsm = "<Data><PSM>at lunch</PSM></Data>";
        ns.server("UBX bob@corp.example " + bobPsm.length() + "\r\n" + bobPsm);
        ns.server("CHL 0 22210219642164014968\r\n");
        ns.client("QRY 7 PROD0090YUAUV{2B 32\r\n85ecb0db8f32113df79ce0892b9a102c");

        List<String> presence = ns.all(ImEvent.Presence.class).stream()
                .map(p -> p.handle() + " " + p.status() + (p.statusText() == null ? "" : " " + p.statusText())).toList();
        assertEquals(List.of("alice@corp.example AWY", "alice@corp.example AWY R&D ☺", "bob@corp.example BSY",
                "carol@corp.example FLN", "bob@corp.example BSY at lunch"), presence);
        ImEvent.Login login = ns.all(ImEvent.Login.class).get(0);
        assertEquals("MSNP11", login.client().protocolVersion());
        List<ImEvent.ClientIdentified> ids = ns.all(ImEvent.ClientIdentified.class);
        assertEquals("PROD0090YUAUV{2B", ids.get(ids.size() - 1).client().raw().get("QRY"));
        assertFalse(ids.get(ids.size() - 1).client().spoofed(), ids.get(ids.size() - 1).client().raw().toString());
        for (ImEvent e : ns.events) {
            assertFalse(e.toString().contains("secret"), "ticket leaked into " + e);
            assertFalse(e.toString().contains("85ecb0db"), "challenge answer leaked into " + e);
        }
    }

    @Test
    void spoofedClientIsReportedWhenItsCapabilitiesContradictTheCvr() throws Exception {
        SessionHarness ns = new SessionHarness("ns-2", SessionRole.NOTIFICATION);
        ns.client("VER 1 MSNP10 MSNP9 CVR0\r\n");
        ns.server("VER 1 MSNP10\r\n");
        ns.client("CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 6.2.0208 MSMSGS mallory@corp.example\r\n");
        assertFalse(ns.all(ImEvent.ClientIdentified.class).get(0).client().spoofed());
        ns.client("CHG 3 NLN 0\r\n");
        List<ImEvent.ClientIdentified> ids = ns.all(ImEvent.ClientIdentified.class);
        assertEquals(2, ids.size());
        assertTrue(ids.get(1).client().spoofed());
        assertEquals("mallory@corp.example", ids.get(1).handle());
    }
    @Test
    void multiPacketMessageIsArchivedOnceWhole() throws Exception {
        SessionHarness sb = aliceWithBobAndCarol("carol@corp.example");
        String id = "{0A6C1B2E-8E1B-4A54-9C9A-6A1D5E0C2F11}";
        byte[] first = ("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nMessage-ID: " + id
                + "\r\nChunks: 3\r\n\r\nPart one, ").getBytes(StandardCharsets.UTF_8);
        byte[] second = ("Message-ID: " + id + "\r\nChunk: 1\r\n\r\npart two, ").getBytes(StandardCharsets.UTF_8);
        byte[] third = ("Message-ID: " + id + "\r\nChunk: 2\r\n\r\npart three é").getBytes(StandardCharsets.UTF_8);
        assertTrue(sb.feed(Origin.CLIENT, TestMessages.clientMsg(5, "N", first)).isEmpty());
        assertTrue(sb.feed(Origin.CLIENT, TestMessages.clientMsg(6, "N", second)).isEmpty());
        ImEvent.Message m = (ImEvent.Message) sb.feed(Origin.CLIENT, TestMessages.clientMsg(7, "N", third)).get(0);
        assertEquals("Part one, part two, part three é", m.body());
    }

    @Test
    void multiPacketPartWithoutItsStartEndsTheSession() throws Exception {
        SessionHarness sb = aliceWithBobAndCarol("carol@corp.example");
        byte[] orphan = "Message-ID: {X}\r\nChunk: 1\r\n\r\nlost".getBytes(StandardCharsets.UTF_8);
        MsnProtocolException e = assertThrows(MsnProtocolException.class,
                () -> sb.feed(Origin.CLIENT, TestMessages.clientMsg(5, "N", orphan)));
        assertTrue(e.getMessage().contains("without its first part"), e.getMessage());
    }

    @Test
    void messageBeforeTheSwitchboardLoginEndsTheSession() {
        SessionHarness sb = new SessionHarness("sb-3", SessionRole.SWITCHBOARD);
        MsnProtocolException e = assertThrows(MsnProtocolException.class, () -> sb.feed(Origin.CLIENT,
                TestMessages.clientMsg(1, "N", TestMessages.text("sneaky", null))));
        assertTrue(e.getMessage().contains("before the switchboard login in session sb-3"), e.getMessage());
    }
    @Test
    void msnp15SingleSignOnLoginIsCarriedAndIdentified() throws Exception {
        SessionHarness ns = new SessionHarness("ns-15", SessionRole.NOTIFICATION);
        ns.client("VER 1 MSNP15 MSNP14 MSNP13 CVR0\r\n");
        ns.server("VER 1 MSNP15\r\n");
        ns.client("CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 8.5.1288.816 msmsgs dave@corp.example\r\n");
        ns.server("CVR 2 8.5.1288 8.5.1288 8.1.0178 http://msgr.dlservice.microsoft.com http://messenger.msn.com\r\n");
        ns.client("USR 3 SSO I dave@corp.example\r\n");
        ns.server("USR 3 SSO S MBI_KEY_OLD 8CLhG/xfgYZ7TyRQ/jIAWyDmd/w4R4GF2yKLS6tYrnjzi4cFag/Nr+hxsfg5zlCf\r\n");
        ns.client("USR 4 SSO S t=EwDoAW+jAAAUVwo8hY/Rg6HvEdmXr19KcNgO+7mAAAMMVF2tickettail ZGF2ZS1zZWNyZXQ=\r\n");
        ns.server("USR 4 OK dave@corp.example 1 0\r\n");
        String adl = "<ml l=\"1\"><d n=\"corp.example\"><c n=\"bob\" l=\"3\" t=\"1\"/></d></ml>";
        ns.client("ADL 5 " + adl.length() + "\r\n" + adl);
        ns.server("ADL 5 OK\r\n");
        ns.server("NLN BSY bob@corp.example 1 Bob 2789003324\r\n");
        String psm = "<Data><PSM>in Redmond</PSM></Data>";
        ns.server("UBX bob@corp.example 1 " + psm.length() + "\r\n" + psm);
        ns.server("FLN bob@corp.example 1\r\n");

        ImEvent.Login login = ns.all(ImEvent.Login.class).get(0);
        assertEquals("dave@corp.example", login.identity());
        assertEquals("Windows Live Messenger", login.client().family());
        assertEquals("8.5.1288.816", login.client().version());
        assertEquals("MSNP15", login.client().protocolVersion());
        List<String> presence = ns.all(ImEvent.Presence.class).stream()
                .map(p -> p.handle() + " " + p.status() + (p.statusText() == null ? "" : " " + p.statusText())).toList();
        assertEquals(List.of("bob@corp.example BSY", "bob@corp.example BSY in Redmond", "bob@corp.example FLN"),
                presence);
        for (ImEvent e : ns.events) {
            assertFalse(e.toString().contains("tickettail") || e.toString().contains("ZGF2ZS1zZWNyZXQ"),
                    "SSO ticket leaked into " + e.getClass().getSimpleName());
        }
    }
    @Test
    void keepaliveAndGaimUserAgentAreThirdPartyTells() throws Exception {
        ClientEvidence fromNs = ClientEvidence.NONE.withVer(List.of("MSNP9", "MSNP8", "CVR0"), 1L)
                .withNegotiatedVersion(9).withCvr(org.imgate.proxy.msn.identify.CvrFields.parse(
                        List.of("0x0409 winnt 5.1 i386 MSNMSGR 6.0.0602 MSMSGS alice@corp.example".split(" "))));
        SessionHarness kopete = new SessionHarness("sb-4", SessionRole.SWITCHBOARD, fromNs);
        kopete.client("USR 1 alice@corp.example 1.2.3\r\n");
        ImEvent.ClientIdentified id = (ImEvent.ClientIdentified) kopete.feed(Origin.CLIENT, TestMessages.clientMsg(2,
                "U", "MIME-Version: 1.0\r\nContent-Type: text/x-keepalive\r\n\r\n".getBytes(StandardCharsets.UTF_8)))
                .get(0);
        assertTrue(id.client().spoofed());
        assertEquals("MSN Messenger", id.client().family(), "a tell is not a name: the family stays as claimed");
        assertTrue(id.client().raw().get("inconsistency").contains("text/x-keepalive"));

        SessionHarness gaim = new SessionHarness("sb-5", SessionRole.SWITCHBOARD, fromNs);
        gaim.client("USR 1 alice@corp.example 1.2.3\r\n");
        byte[] im = ("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nUser-Agent: Gaim/0.79\r\n"
                + "X-MMS-IM-Format: FN=Sans; EF=; CO=0; PF=0\r\n\r\nhey").getBytes(StandardCharsets.UTF_8);
        List<ImEvent> events = gaim.feed(Origin.CLIENT, TestMessages.clientMsg(2, "N", im));
        ImEvent.ClientIdentified gaimId = (ImEvent.ClientIdentified) events.get(0);
        assertEquals("Gaim", gaimId.client().family());
        assertEquals("0.79", gaimId.client().version());
        assertEquals("hey", ((ImEvent.Message) events.get(1)).body());
    }
}
