package org.imgate.proxy.xmpp;

import org.imgate.core.ImEvent;
import org.imgate.core.SessionId;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoftwareVersionProbeTest {

    private static final Jid ALICE = Jid.parse("alice@example.test/desk");

    @Test
    void consumesOnlyTheAnswerToItsOwnQuery() {
        SoftwareVersionProbe probe = new SoftwareVersionProbe("example.test");
        XmlElement query = Stanzas.parse(probe.request(ALICE).toXml());
        assertEquals("get", query.attribute("type"));
        assertEquals("alice@example.test/desk", query.attribute("to"));
        assertTrue(query.child("query", XmppNamespaces.VERSION).isPresent());
        String id = query.attribute("id");

        XmlElement otherResult = Stanzas.parse("<iq type='result' id='roster-1' to='example.test'/>");
        assertFalse(probe.consumesReply(otherResult), "a reply to the server's own query goes through");
        XmlElement reply = Stanzas.parse("<iq type='result' id='" + id + "' to='example.test'><query "
                + "xmlns='jabber:iq:version'><name>Dino</name><version>0.4.3</version></query></iq>");
        assertTrue(probe.consumesReply(reply));
        assertFalse(probe.pending());
        assertFalse(probe.consumesReply(reply), "only once");

        ImEvent.ClientIdentified identified = (ImEvent.ClientIdentified) new XmppEventMapper(d -> true,
                Clock.systemUTC(), RecentMessages.defaults())
                .map(reply, new StanzaContext(new SessionId("s"), ALICE, StanzaFlow.FROM_CLIENT)).get(0);
        assertEquals("Dino", identified.client().family());
        assertEquals("0.4.3", identified.client().version());
    }

    @Test
    void anErrorAnswerIsConsumedToo() {
        SoftwareVersionProbe probe = new SoftwareVersionProbe("example.test");
        String id = probe.request(ALICE).attribute("id");
        assertTrue(probe.consumesReply(Stanzas.parse("<iq type='error' id='" + id + "'><error type='cancel'>"
                + "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>")));
    }
}
