package org.imgate.proxy.xmpp;

import org.imgate.core.ClientInfo;
import org.imgate.core.Direction;
import org.imgate.core.ImEvent;
import org.imgate.core.Participant;
import org.imgate.core.SessionId;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XmppEventMapperTest {

    private static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");
    private static final Jid ALICE = Jid.parse("alice@example.test/desk");
    private static final Jid BOB = Jid.parse("bob@example.test/laptop");
    private static final StanzaContext ALICE_OUT = new StanzaContext(new SessionId("s-alice"), ALICE,
            StanzaFlow.FROM_CLIENT);
    private static final StanzaContext ALICE_IN = new StanzaContext(new SessionId("s-alice"), ALICE,
            StanzaFlow.FROM_SERVER);
    private static final StanzaContext BOB_IN = new StanzaContext(new SessionId("s-bob"), BOB, StanzaFlow.FROM_SERVER);

    private final RecentMessages recent = RecentMessages.defaults();
    private final XmppEventMapper mapper = new XmppEventMapper(d -> d.equals("example.test")
            || d.endsWith(".example.test"), Clock.fixed(NOW, ZoneOffset.UTC), recent);

    private List<ImEvent> map(String xml, StanzaContext context) {
        return mapper.map(Stanzas.parse(xml), context);
    }

    @Test
    void chatMessageBecomesAnInternalMessageBetweenBareJids() {
        List<ImEvent> events = map("<message to='bob@example.test' type='chat' id='m1'><body>Q3 numbers attached"
                + "</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>", ALICE_OUT);
        ImEvent.Message m = assertInstanceOf(ImEvent.Message.class, single(events));
        assertEquals(Participant.of("alice@example.test"), m.sender());
        assertEquals(List.of(Participant.of("bob@example.test")), m.recipients());
        assertEquals("Q3 numbers attached", m.body());
        assertEquals("chat:alice@example.test|bob@example.test", m.conversationId());
        assertEquals(Direction.INTERNAL, m.direction());
        assertEquals("m1", m.messageId());
        assertNull(m.correctsId());
        assertEquals(NOW, m.timestamp());
        assertEquals("s-alice", m.session().value());
    }

    @Test
    void internalMessageSeenOnBothSessionsIsArchivedOnce() {
        assertEquals(1, map("<message to='bob@example.test' type='chat' id='m2'><body>hi</body>"
                + "<origin-id xmlns='urn:xmpp:sid:0' id='o-2'/></message>", ALICE_OUT).size());
        assertEquals(List.of(), map("<message from='alice@example.test/desk' to='bob@example.test' type='chat' id='m2'>"
                + "<body>hi</body><origin-id xmlns='urn:xmpp:sid:0' id='o-2'/>"
                + "<stanza-id xmlns='urn:xmpp:sid:0' by='bob@example.test' id='srv-9'/></message>", BOB_IN));
        // Fan-out to Bob's second resource is the same message too.
        StanzaContext bobPhone = new StanzaContext(new SessionId("s-bob2"), Jid.parse("bob@example.test/phone"),
                StanzaFlow.FROM_SERVER);
        assertEquals(List.of(), map("<message from='alice@example.test/desk' to='bob@example.test' type='chat' id='m2'>"
                + "<body>hi</body><origin-id xmlns='urn:xmpp:sid:0' id='o-2'/></message>", bobPhone));
        // Same id but another text is another message (never lose content).
        assertEquals(1, map("<message from='alice@example.test/desk' to='bob@example.test' type='chat' id='m2'>"
                + "<body>different</body><origin-id xmlns='urn:xmpp:sid:0' id='o-2'/></message>", BOB_IN).size());
    }

    @Test
    void whatTheClientSendsIsTheBoundUsersWhateverFromItClaims() {
        ImEvent.Message m = (ImEvent.Message) single(map("<message from='ceo@example.test/x' to='bob@example.test' "
                + "type='chat' id='sp1'><body>approve it</body></message>", ALICE_OUT));
        assertEquals(Participant.of("alice@example.test"), m.sender());
    }

    @Test
    void messageWithoutAnyIdIsArchivedEachTimeRatherThanLost() {
        String xml = "<message to='bob@example.test' type='chat'><body>ok</body></message>";
        assertEquals(1, map(xml, ALICE_OUT).size());
        assertEquals(1, map(xml, ALICE_OUT).size());
    }

    @Test
    void externalCorrespondentMakesItExternal() {
        ImEvent.Message m = (ImEvent.Message) single(map("<message from='carol@partner.test/x' to='alice@example.test'"
                + " type='chat' id='e1'><body>offer</body></message>", ALICE_IN));
        assertEquals(Direction.EXTERNAL, m.direction());
        assertEquals(Participant.of("carol@partner.test"), m.sender());
        assertEquals("chat:alice@example.test|carol@partner.test", m.conversationId());
    }

    @Test
    void threadSubjectAndLanguagesAreKept() {
        ImEvent.Message m = (ImEvent.Message) single(map("<message to='bob@example.test' type='normal' id='t1'>"
                + "<subject>Contract</subject><body xml:lang='en'>Signed</body><body xml:lang='de'>Unterschrieben"
                + "</body><thread>th-7</thread></message>", ALICE_OUT));
        assertEquals("chat:alice@example.test|bob@example.test#th-7", m.conversationId());
        assertEquals("Subject: Contract\n\n[en] Signed\n[de] Unterschrieben", m.body());
    }

    @Test
    void correctionIsANewRevisionOfTheOriginal() {
        ImEvent.Message m = (ImEvent.Message) single(map("<message to='bob@example.test' type='chat' id='m4'>"
                + "<body>Fixed text</body><replace id='m3' xmlns='urn:xmpp:message-correct:0'/></message>", ALICE_OUT));
        assertEquals("m3", m.correctsId());
        assertEquals("m4", m.messageId());
        assertEquals("Fixed text", m.body());
    }

    @Test
    void carbonsAreUnwrappedArchivedOnceAndSpoofsIgnored() {
        String inner = "<message xmlns='jabber:client' from='alice@example.test/phone' to='bob@example.test' "
                + "type='chat' id='c1'><body>from my phone</body></message>";
        String carbon = "<message from='alice@example.test' to='alice@example.test/desk' type='chat'>"
                + "<sent xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>" + inner
                + "</forwarded></sent></message>";
        ImEvent.Message m = (ImEvent.Message) single(map(carbon, ALICE_IN));
        assertEquals("from my phone", m.body());
        assertEquals(Participant.of("alice@example.test"), m.sender());
        assertEquals(List.of(Participant.of("bob@example.test")), m.recipients());
        assertEquals(List.of(), map(carbon, ALICE_IN), "a second copy is not archived again");
        assertEquals(List.of(), map("<message from='alice@example.test/phone' to='bob@example.test' type='chat'"
                + " id='c1'><body>from my phone</body></message>", BOB_IN),
                "the original on the recipient's session was already archived");

        String spoof = "<message from='mallory@evil.test' to='alice@example.test/desk'>"
                + "<received xmlns='urn:xmpp:carbons:2'><forwarded xmlns='urn:xmpp:forward:0'>"
                + inner.replace("c1", "c2") + "</forwarded></received></message>";
        assertEquals(List.of(), map(spoof, ALICE_IN));
    }

    @Test
    void historyIsNotArchivedAsNew() {
        assertEquals(List.of(), map("<message to='alice@example.test/desk'><result xmlns='urn:xmpp:mam:2' "
                + "queryid='q1' id='a1'><forwarded xmlns='urn:xmpp:forward:0'><delay xmlns='urn:xmpp:delay' "
                + "stamp='2026-01-01T00:00:00Z'/><message xmlns='jabber:client' from='bob@example.test' "
                + "to='alice@example.test' id='old'><body>old</body></message></forwarded></result></message>",
                ALICE_IN));
        assertEquals(List.of(), map("<message from='bob@example.test/laptop' to='alice@example.test' type='chat' "
                + "id='d1'><body>while you were away</body><delay xmlns='urn:xmpp:delay' "
                + "stamp='2026-11-21T10:00:00Z'/></message>", ALICE_IN));
        assertEquals(List.of(), map("<message from='room@conference.example.test/bob' to='alice@example.test/desk' "
                + "type='groupchat' id='h1'><body>earlier</body><delay xmlns='urn:xmpp:delay' "
                + "stamp='2026-11-21T10:00:00Z'/></message>", ALICE_IN));
        // An offline message from outside was never seen by the proxy: archive it, once.
        String offline = "<message from='carol@partner.test/x' to='alice@example.test' type='chat' id='d2'>"
                + "<body>sent while you were offline</body><delay xmlns='urn:xmpp:delay' "
                + "stamp='2026-11-21T10:00:00Z'/></message>";
        assertEquals(1, map(offline, ALICE_IN).size());
        assertEquals(List.of(), map(offline, ALICE_IN));
    }

    @Test
    void groupchatIsArchivedOnceFromTheSendersOwnStanza() {
        ImEvent.Message m = (ImEvent.Message) single(map("<message to='team@conference.example.test' "
                + "type='groupchat' id='g1'><body>standup in 5</body></message>", ALICE_OUT));
        assertEquals(Participant.of("alice@example.test"), m.sender());
        assertEquals("groupchat:team@conference.example.test", m.conversationId());
        assertEquals(List.of(Participant.of("team@conference.example.test")), m.recipients());
        String reflected = "<message from='team@conference.example.test/Alice' to='%s' type='groupchat' id='g1'>"
                + "<body>standup in 5</body></message>";
        assertEquals(List.of(), map(reflected.formatted("alice@example.test/desk"), ALICE_IN));
        assertEquals(List.of(), map(reflected.formatted("bob@example.test/laptop"), BOB_IN));
        ImEvent.Message fromRoom = (ImEvent.Message) single(map(reflected.formatted("bob@example.test/laptop")
                .replace("g1", "g2").replace("Alice", "Carol"), BOB_IN));
        assertEquals(Participant.of("team@conference.example.test/Carol"), fromRoom.sender());
    }

    @Test
    void metadataOnlyAndErrorMessagesAreNotArchived() {
        assertEquals(List.of(), map("<message to='bob@example.test' type='chat'><composing "
                + "xmlns='http://jabber.org/protocol/chatstates'/></message>", ALICE_OUT));
        assertEquals(List.of(), map("<message to='bob@example.test' id='r'><received xmlns='urn:xmpp:receipts' "
                + "id='m1'/></message>", ALICE_OUT));
        assertEquals(List.of(), map("<message from='bob@example.test' type='error' id='x'><body>hi</body>"
                + "<error type='cancel'><item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
                + "</message>", ALICE_IN));
    }

    @Test
    void fileOffersCarryNameSizeAndMethod() {
        ImEvent.FileOffer upload = (ImEvent.FileOffer) single(map("<iq type='get' to='upload.example.test' id='u1'>"
                + "<request xmlns='urn:xmpp:http:upload:0' filename='q3 report.pdf' size='48213' "
                + "content-type='application/pdf'/></iq>", ALICE_OUT));
        assertEquals("q3 report.pdf", upload.fileName());
        assertEquals(48213, upload.size());
        assertEquals("http-upload", upload.method());
        assertEquals(Participant.of("alice@example.test"), upload.sender());

        List<ImEvent> oob = map("<message to='bob@example.test' type='chat' id='o1'><body>https://upload.example.test/"
                + "abc/plan%20v2.pdf</body><x xmlns='jabber:x:oob'><url>aesgcm://upload.example.test/abc/plan%20v2.pdf"
                + "#0123456789abcdef</url></x></message>", ALICE_OUT);
        assertEquals(2, oob.size());
        ImEvent.FileOffer link = assertInstanceOf(ImEvent.FileOffer.class, oob.get(1));
        assertEquals("plan v2.pdf", link.fileName());
        assertEquals(-1, link.size());
        assertEquals("oob", link.method());

        ImEvent.FileOffer si = (ImEvent.FileOffer) single(map("<iq type='set' to='bob@example.test/laptop' id='s1'>"
                + "<si xmlns='http://jabber.org/protocol/si' id='sid' profile='http://jabber.org/protocol/si/profile/"
                + "file-transfer'><file xmlns='http://jabber.org/protocol/si/profile/file-transfer' name='a.zip' "
                + "size='1022'/></si></iq>", ALICE_OUT));
        assertEquals("si", si.method());
        assertEquals(1022, si.size());
        assertEquals("a.zip", si.fileName());
    }

    @Test
    void jingleFileOfferKeepsTheSha256AndIsArchivedOnce() {
        String hash = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="; // SHA-256 of nothing
        String jingle = "<iq type='set' from='alice@example.test/desk' to='bob@example.test/laptop' id='j1'>"
                + "<jingle xmlns='urn:xmpp:jingle:1' action='session-initiate' sid='x'><content creator='initiator' "
                + "name='f'><description xmlns='urn:xmpp:jingle:apps:file-transfer:5'><file><name>empty.txt</name>"
                + "<size>0</size><hash xmlns='urn:xmpp:hashes:2' algo='sha-256'>" + hash + "</hash></file>"
                + "</description></content></jingle></iq>";
        ImEvent.FileOffer offer = (ImEvent.FileOffer) single(map(jingle, ALICE_OUT));
        assertEquals("empty.txt", offer.fileName());
        assertEquals(0, offer.size());
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", offer.sha256());
        assertEquals("jingle", offer.method());
        assertEquals(List.of(), map(jingle, BOB_IN));
    }

    @Test
    void endToEndEncryptionIsReportedByScheme() {
        List<ImEvent> omemo = map("<message to='bob@example.test' type='chat' id='e1'><encrypted "
                + "xmlns='eu.siacs.conversations.axolotl'><header sid='1'/><payload>AAAA</payload></encrypted>"
                + "<body>I sent you an OMEMO encrypted message</body></message>", ALICE_OUT);
        assertEquals(2, omemo.size());
        assertEquals("OMEMO", ((ImEvent.EncryptionDetected) omemo.get(1)).scheme());
        assertEquals("chat:alice@example.test|bob@example.test", ((ImEvent.EncryptionDetected) omemo.get(1))
                .conversationId());

        assertEquals("OTR", scheme("<body>?OTR:AAMDJ+MVmSfjFZcAAAAAAQAAAAIAAADA==.</body>", "e2"));
        assertEquals("OTR", scheme("<body>hello" + EncryptionMarkers.OTR_WHITESPACE_TAG + "  \t\t  \t\t</body>", "e3"));
        assertEquals("OpenPGP (XEP-0373)", scheme("<openpgp xmlns='urn:xmpp:openpgp:0'>BASE64</openpgp>", "e4"));
        assertEquals("OpenPGP (XEP-0027)", scheme("<x xmlns='jabber:x:encrypted'>BASE64</x><body>enc</body>", "e5"));
        assertEquals("OMEMO:2", scheme("<encrypted xmlns='urn:xmpp:omemo:2'/>", "e6"));
        assertEquals("EME Future Crypto", scheme("<encryption xmlns='urn:xmpp:eme:0' namespace='urn:x:future' "
                + "name='Future Crypto'/><body>This message is encrypted</body>", "e7"));

        ImEvent.EncryptionDetected publish = (ImEvent.EncryptionDetected) single(map("<iq type='set' id='p1'>"
                + "<pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='eu.siacs.conversations.axolotl."
                + "devicelist'><item id='current'><list xmlns='eu.siacs.conversations.axolotl'><device id='42'/>"
                + "</list></item></publish></pubsub></iq>", ALICE_OUT));
        assertEquals("OMEMO (key publication)", publish.scheme());
    }

    private String scheme(String content, String id) {
        List<ImEvent> events = map("<message to='bob@example.test' type='chat' id='" + id + "'>" + content
                + "</message>", ALICE_OUT);
        return events.stream().filter(e -> e instanceof ImEvent.EncryptionDetected)
                .map(e -> ((ImEvent.EncryptionDetected) e).scheme()).findFirst().orElse("none");
    }

    @Test
    void bindResultIdentifiesTheUserAndTheResource() {
        StanzaContext beforeBind = new StanzaContext(new SessionId("s-new"), null, StanzaFlow.FROM_SERVER);
        List<ImEvent> events = map("<iq type='result' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                + "<jid>alice@example.test/gajim.K3X9</jid></bind></iq>", beforeBind);
        ImEvent.Login login = assertInstanceOf(ImEvent.Login.class, events.get(0));
        assertEquals("alice@example.test", login.handle());
        assertEquals("alice@example.test/gajim.K3X9", login.identity());
        assertEquals("Gajim", login.client().family());
        assertEquals("gajim.K3X9", login.client().raw().get("resource"));
        assertInstanceOf(ImEvent.ClientIdentified.class, events.get(1));

        ImEvent.Login unknown = (ImEvent.Login) map("<iq type='result' id='b2'><bind "
                + "xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>bob@example.test/4f2a1c</jid></bind></iq>",
                beforeBind).get(0);
        assertTrue(unknown.client().isUnknown(), "a random resource names no client");
    }

    @Test
    void presenceWithCapsIdentifiesTheClientOnce() {
        String presence = "<presence><show>away</show><status>lunch</status><c xmlns='http://jabber.org/protocol/caps'"
                + " hash='sha-1' node='http://conversations.im' ver='Dg2OOpTbRG0bDxlnBkwaRe0VhXQ='/></presence>";
        List<ImEvent> first = map(presence, ALICE_OUT);
        ImEvent.Presence p = assertInstanceOf(ImEvent.Presence.class, first.get(0));
        assertEquals("alice@example.test", p.handle());
        assertEquals("away", p.status());
        assertEquals("lunch", p.statusText());
        ImEvent.ClientIdentified id = assertInstanceOf(ImEvent.ClientIdentified.class, first.get(1));
        assertEquals("Conversations", id.client().family());
        assertEquals("http://conversations.im#Dg2OOpTbRG0bDxlnBkwaRe0VhXQ=", id.client().raw().get("caps"));
        assertEquals(1, map(presence, ALICE_OUT).size(), "the same caps again is no news");

        ImEvent.Presence off = (ImEvent.Presence) single(map("<presence type='unavailable'/>", ALICE_OUT));
        assertEquals("unavailable", off.status());
        assertEquals(List.of(), map("<presence from='bob@example.test/laptop'/>", ALICE_IN),
                "contacts' presence is not the user's");
        assertEquals(List.of(), map("<presence to='carol@partner.test' type='subscribe'/>", ALICE_OUT));
    }

    @Test
    void softwareVersionReplyNamesClientVersionAndOs() {
        ImEvent.ClientIdentified id = (ImEvent.ClientIdentified) single(map("<iq type='result' to='example.test' "
                + "id='imgate-ver-1'><query xmlns='jabber:iq:version'><name>Gajim</name><version>1.8.4</version>"
                + "<os>Windows 11</os></query></iq>", ALICE_OUT));
        ClientInfo client = id.client();
        assertEquals("Gajim", client.family());
        assertEquals("1.8.4", client.version());
        assertEquals("Windows 11", client.os());
        assertEquals("XMPP 1.0", client.protocolVersion());
        assertEquals("Gajim / 1.8.4 / Windows 11", client.raw().get("software-version"));
    }

    @Test
    void saslNeverBecomesAnEventOrVisibleText() throws Exception {
        String secret = "AGFsaWNlAGNvcnJlY3QgaG9yc2U=";
        XmppStreamReader reader = new XmppStreamReader(XmlLimits.defaults(), false);
        reader.feed(Stanzas.CLIENT_HEADER.getBytes());
        for (String sasl : List.of(
                "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + secret + "</auth>",
                "<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + secret + "</response>",
                "<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>" + secret + "</challenge>",
                "<iq type='set' id='a'><query xmlns='jabber:iq:auth'><username>alice</username><password>"
                        + secret + "</password></query></iq>")) {
            XmlElement element = ((TopLevelElement) reader.feed(sasl.getBytes()).get(0)).element();
            List<ImEvent> events = mapper.map(element, ALICE_OUT);
            assertEquals(List.of(), events);
            assertFalse(element.toString().contains(secret), element.toString());
        }
    }

    private static ImEvent single(List<ImEvent> events) {
        assertEquals(1, events.size(), events.toString());
        return events.get(0);
    }
}
