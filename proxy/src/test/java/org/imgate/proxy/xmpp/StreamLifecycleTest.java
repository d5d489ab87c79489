package org.imgate.proxy.xmpp;

import org.imgate.core.ImEvent;
import org.imgate.core.SessionId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server-to-client direction of a whole c2s session as Prosody 0.12 sends it, read the way the
 * proxy will: a new reader at each restart (RFC 6120 §5.4.3.3, §6.4.6), features rewritten, stanzas
 * mapped. TLS itself is left out: the bytes after {@code <proceed/>} stand for the handshake.
 */
class StreamLifecycleTest {

    private static final String SERVER_HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' id='%s' from='example.test' version='1.0' "
            + "xml:lang='en'>";

    @Test
    void fullServerSideOfASessionThroughBothRestarts() throws Exception {
        List<XmlElement> forwarded = new ArrayList<>();
        List<ImEvent> events = new ArrayList<>();
        XmppEventMapper mapper = new XmppEventMapper(d -> d.endsWith("example.test"), Clock.systemUTC(),
                RecentMessages.defaults());

        // Leg 1: cleartext, ends at <proceed/>; the TLS bytes behind it are handed over.
        XmppStreamReader cleartext = new XmppStreamReader(XmlLimits.defaults(), false);
        List<StreamItem> items = cleartext.feed(bytes(SERVER_HEADER.formatted("s1")
                + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
                + "</stream:features><proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>\u0016\u0003\u0003"));
        assertEquals(3, items.size());
        assertTrue(cleartext.restarted());
        assertEquals(3, cleartext.unconsumed().length);

        // Leg 2: over TLS, SASL until <success/>, split awkwardly across reads.
        XmppStreamReader sasl = new XmppStreamReader(XmlLimits.defaults(), false);
        String leg2 = SERVER_HEADER.formatted("s2") + "<stream:features><mechanisms "
                + "xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN"
                + "</mechanism></mechanisms></stream:features><challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                + "cj1meWtvK2QybGJiRmdPTlJ2OXFreGRhd0wzcmZjTkhZSlkxWlZ2V1ZzN2oscz1RU1hDUitRNnNlazhiZjkyLGk9NDA5Ng=="
                + "</challenge><success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>dj1ybUY5cHFWOFM3c3VBb1pXamE0ZEpS"
                + "a0ZzS1E9</success>";
        byte[] leg2Bytes = bytes(leg2);
        for (int i = 0; i < leg2Bytes.length && !sasl.restarted(); i += 13) {
            for (StreamItem item : sasl.feed(leg2Bytes, i, Math.min(13, leg2Bytes.length - i))) {
                if (item instanceof TopLevelElement top) {
                    forwarded.add(top.element());
                    assertFalse(top.toString().contains("dj1ybUY5"), "SASL payloads stay out of logs");
                }
            }
        }
        assertTrue(sasl.restarted());
        assertTrue(forwarded.get(forwarded.size() - 1).is("success", XmppNamespaces.SASL));

        // Leg 3: authenticated; features lose SM, the bind result identifies the user, messages map.
        XmppStreamReader session = new XmppStreamReader(XmlLimits.defaults(), true);
        items = session.feed(bytes(SERVER_HEADER.formatted("s3") + "<stream:features><bind "
                + "xmlns='urn:ietf:params:xml:ns:xmpp-bind'><required/></bind><sm xmlns='urn:xmpp:sm:3'><optional/>"
                + "</sm><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='http://prosody.im' ver='x='/>"
                + "</stream:features><iq type='result' id='bind-1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                + "<jid>alice@example.test/Conversations.Xy12</jid></bind></iq>"
                + "<message from='bob@example.test/laptop' to='alice@example.test/Conversations.Xy12' type='chat' "
                + "id='m-77'><body>lunch?</body><stanza-id xmlns='urn:xmpp:sid:0' by='alice@example.test' "
                + "id='sid-1'/></message></stream:stream>"));
        XmlElement features = StreamFeatures.forClient(((TopLevelElement) items.get(1)).element());
        assertTrue(features.child("sm", XmppNamespaces.SM3).isEmpty());
        assertTrue(features.child("bind", XmppNamespaces.BIND).isPresent());

        Jid user = null;
        for (StreamItem item : items) {
            if (item instanceof TopLevelElement top) {
                List<ImEvent> mapped = mapper.map(top.element(), new StanzaContext(new SessionId("c2s-1"), user,
                        StanzaFlow.FROM_SERVER));
                for (ImEvent e : mapped) {
                    if (e instanceof ImEvent.Login login) {
                        user = Jid.parse(login.identity());
                    }
                }
                events.addAll(mapped);
            }
        }
        assertInstanceOf(StreamEnd.class, items.get(items.size() - 1));
        assertEquals(List.of(ImEvent.Login.class, ImEvent.ClientIdentified.class, ImEvent.Message.class),
                events.stream().map(Object::getClass).toList());
        assertEquals("Conversations", ((ImEvent.Login) events.get(0)).client().family());
        ImEvent.Message message = (ImEvent.Message) events.get(2);
        assertEquals("lunch?", message.body());
        assertEquals("bob@example.test", message.sender().handle());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
