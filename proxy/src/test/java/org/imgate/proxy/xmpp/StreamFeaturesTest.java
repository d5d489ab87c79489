package org.imgate.proxy.xmpp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamFeaturesTest {

    private static final String MECHANISMS = "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
            + "<mechanism>SCRAM-SHA-1-PLUS</mechanism><mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism>"
            + "</mechanisms>";

    @Test
    void preAuthFeaturesLoseCompressionAndSasl2ButKeepStarttlsAndEveryMechanism() {
        XmlElement server = Stanzas.parse("<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
                + MECHANISMS + "<compression xmlns='http://jabber.org/features/compress'><method>zlib</method>"
                + "</compression><authentication xmlns='urn:xmpp:sasl:2'><mechanism>PLAIN</mechanism>"
                + "</authentication></stream:features>");
        XmlElement client = StreamFeatures.forClient(server);
        assertEquals(List.of("starttls", "mechanisms"), client.elements().stream().map(XmlElement::name).toList());
        assertEquals(server.child("mechanisms", XmppNamespaces.SASL), client.child("mechanisms", XmppNamespaces.SASL));
        assertTrue(StreamFeatures.offersStarttls(client));
    }

    @Test
    void postAuthFeaturesLoseStreamManagementAndRoundTripOnTheWire() {
        XmlElement server = Stanzas.parse("<stream:features><rosterver xmlns='urn:xmpp:features:rosterver'/>"
                + "<csi xmlns='urn:xmpp:csi:0'/><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' "
                + "node='http://prosody.im' ver='abc='/><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><required/>"
                + "</bind><session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session>"
                + "<sm xmlns='urn:xmpp:sm:2'><optional/></sm><sm xmlns='urn:xmpp:sm:3'><optional/></sm>"
                + "</stream:features>");
        XmlElement client = StreamFeatures.forClient(server);
        String wire = client.toXml();
        assertFalse(wire.contains("urn:xmpp:sm"), wire);
        assertTrue(wire.startsWith("<stream:features>"), "keeps the stream prefix bound by the header: " + wire);
        XmlElement reparsed = Stanzas.parse(wire);
        assertEquals(client, reparsed);
        assertTrue(reparsed.child("bind", XmppNamespaces.BIND).isPresent());
        assertFalse(StreamFeatures.offersStarttls(reparsed));
    }

    @Test
    void proxysOwnPreTlsFeaturesRequireStarttls() {
        String wire = StreamFeatures.starttlsRequired().toXml();
        assertEquals("<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
                + "</stream:features>", wire);
        assertTrue(StreamFeatures.offersStarttls(Stanzas.parse(wire)));
    }

    @Test
    void streamManagementRequestsAreRefusedInTheirOwnNamespace() {
        XmlElement enable = Stanzas.parse("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
        assertTrue(StreamFeatures.isStreamManagementRequest(enable));
        assertTrue(StreamFeatures.isStreamManagementRequest(Stanzas.parse("<resume xmlns='urn:xmpp:sm:2' "
                + "previd='x' h='3'/>")));
        assertFalse(StreamFeatures.isStreamManagementRequest(Stanzas.parse("<r xmlns='urn:xmpp:sm:3'/>")));
        assertEquals("<failed xmlns='urn:xmpp:sm:3'><unexpected-request "
                + "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>",
                StreamFeatures.streamManagementFailed(enable).toXml());
    }

    @Test
    void refusesToRewriteSomethingElse() {
        assertThrows(IllegalArgumentException.class, () -> StreamFeatures.forClient(Stanzas.parse("<message/>")));
    }
}
