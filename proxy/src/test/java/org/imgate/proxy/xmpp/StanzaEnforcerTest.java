package org.imgate.proxy.xmpp;

import org.imgate.core.ClientInfo;
import org.imgate.core.ImEvent;
import org.imgate.core.Network;
import org.imgate.core.SessionId;
import org.imgate.core.Verdict;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StanzaEnforcerTest {

    private static final Jid ALICE = Jid.parse("alice@example.test/desk");
    private static final SessionId SESSION = new SessionId("s1");
    private final StanzaEnforcer enforcer = new StanzaEnforcer("example.test");

    private static TopLevelElement stanza(String xml) {
        try {
            XmppStreamReader reader = new XmppStreamReader(XmlLimits.defaults(), true);
            List<StreamItem> items = reader.feed((Stanzas.CLIENT_HEADER + xml).getBytes(StandardCharsets.UTF_8));
            return (TopLevelElement) items.get(1);
        } catch (XmppStreamException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final TopLevelElement MESSAGE = stanza(
            "<message to='bob@example.test' id='m1' type='chat'><body>numbers: 4111</body></message>");
    private static final List<ImEvent> MESSAGE_EVENTS = List.of(new ImEvent.Presence(SESSION, Network.XMPP,
            Instant.EPOCH, "alice@example.test", "available", null));

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void allowedStanzasGoOnAsTheirVerbatimBytes() {
        StanzaEnforcer.Outcome out = enforcer.apply(MESSAGE, StanzaFlow.FROM_CLIENT, MESSAGE_EVENTS,
                List.of(Verdict.allow()), ALICE, true);
        assertEquals(1, out.toServer().size());
        assertArrayEquals(MESSAGE.bytes(), out.toServer().get(0));
        assertTrue(out.toClient().isEmpty());
        assertFalse(out.blocked());
    }

    @Test
    void blockedClientStanzaBouncesToTheClientWithTheNoticeAndGoesNowhereElse() {
        StanzaEnforcer.Outcome out = enforcer.apply(MESSAGE, StanzaFlow.FROM_CLIENT, MESSAGE_EVENTS,
                List.of(new Verdict.Block("No card numbers.")), ALICE, true);
        assertTrue(out.toServer().isEmpty());
        String bounce = text(out.toClient().get(0));
        assertTrue(bounce.contains("type='error'") && bounce.contains("id='m1'") && bounce.contains("policy-violation")
                && bounce.contains("No card numbers."), bounce);
        assertTrue(out.blocked());
    }

    @Test
    void blockedServerStanzaBouncesToItsSenderThroughTheServer() {
        TopLevelElement incoming = stanza(
                "<message from='mallory@other.test/x' to='alice@example.test' id='m2' type='chat'><body>hi</body></message>");
        StanzaEnforcer.Outcome out = enforcer.apply(incoming, StanzaFlow.FROM_SERVER, MESSAGE_EVENTS,
                List.of(new Verdict.Block("Not from outside.")), ALICE, true);
        assertTrue(out.toClient().isEmpty());
        assertTrue(text(out.toServer().get(0)).contains("to='mallory@other.test/x'"));
    }

    @Test
    void aFailedGateBlocksWithTheArchiveNotice() {
        StanzaEnforcer.Outcome out = enforcer.apply(MESSAGE, StanzaFlow.FROM_CLIENT, MESSAGE_EVENTS, null, ALICE, true);
        assertTrue(out.toServer().isEmpty());
        assertTrue(text(out.toClient().get(0)).contains(StanzaEnforcer.GATE_FAILED_NOTICE));
    }

    @Test
    void redactForwardsTheReplacementBody() {
        StanzaEnforcer.Outcome out = enforcer.apply(MESSAGE, StanzaFlow.FROM_CLIENT, MESSAGE_EVENTS,
                List.of(new Verdict.Redact("[removed]")), ALICE, true);
        String forwarded = text(out.toServer().get(0));
        assertTrue(forwarded.contains("<body>[removed]</body>") && !forwarded.contains("4111"), forwarded);
    }

    @Test
    void noticesBecomeHeadlinesFromTheDomainAfterTheStanza() {
        StanzaEnforcer.Outcome out = enforcer.apply(MESSAGE, StanzaFlow.FROM_SERVER, MESSAGE_EVENTS,
                List.of(new Verdict.Notify("Update your client.")), ALICE, true);
        assertEquals(2, out.toClient().size());
        assertArrayEquals(MESSAGE.bytes(), out.toClient().get(0));
        String notice = text(out.toClient().get(1));
        assertTrue(notice.contains("type='headline'") && notice.contains("from='example.test'")
                && notice.contains("to='alice@example.test/desk'") && notice.contains("Update your client."), notice);
    }

    @Test
    void endSessionWritesNothingAndCarriesItsNotice() {
        StanzaEnforcer.Outcome out = enforcer.apply(MESSAGE, StanzaFlow.FROM_CLIENT, MESSAGE_EVENTS,
                List.of(Verdict.allow(), new Verdict.EndSession("Client not approved.")), ALICE, true);
        assertEquals("Client not approved.", out.endSessionNotice());
        assertTrue(out.toClient().isEmpty() && out.toServer().isEmpty());
    }

    @Test
    void aRefusedLoginEndsTheSessionSinceTheClientCannotGoOnWithoutItsBindResult() {
        TopLevelElement bind = stanza("<iq type='result' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                + "<jid>alice@example.test/desk</jid></bind></iq>");
        ImEvent login = new ImEvent.Login(SESSION, Network.XMPP, Instant.EPOCH, "alice@example.test",
                "alice@example.test/desk", ClientInfo.unknown(Network.XMPP));
        StanzaEnforcer.Outcome out = enforcer.apply(bind, StanzaFlow.FROM_SERVER, List.of(login),
                List.of(new Verdict.Block("Archive down.")), ALICE, true);
        assertEquals("Archive down.", out.endSessionNotice());
    }

    @Test
    void theProxysOwnQueryReplyIsNeverForwarded() {
        TopLevelElement reply = stanza("<iq type='result' id='imgate-ver-1' to='example.test'>"
                + "<query xmlns='jabber:iq:version'><name>Gajim</name><version>1.8</version></query></iq>");
        StanzaEnforcer.Outcome out = enforcer.apply(reply, StanzaFlow.FROM_CLIENT, MESSAGE_EVENTS,
                List.of(Verdict.allow()), ALICE, false);
        assertTrue(out.toServer().isEmpty() && out.toClient().isEmpty());
        assertNull(out.endSessionNotice());
    }
}
