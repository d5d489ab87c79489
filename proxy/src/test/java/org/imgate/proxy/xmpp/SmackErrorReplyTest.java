package org.imgate.proxy.xmpp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4: a Smack 4.4 client without smack-extensions has no provider for {@code jabber:iq:version},
 * keeps the probe's {@code <query/>} as an UnparsedIQ and answers with an error IQ that echoes it. Smack
 * 4.4.8 serialises that echo escaped and without closing its start tag, so the reply is not well-formed;
 * these are the bytes {@code IQ.createErrorResponse(request, service_unavailable).toXML()} produced for
 * the probe. Such a reply must not end the session: it answers our own question and is never forwarded.
 */
class SmackErrorReplyTest {

    private static final Jid ALICE = Jid.parse("alice@example.test/smack");
    private static final String AUTHENTICATED_HEADER = "<stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' to='example.test' version='1.0' xml:lang='en'>";

    private static String smackErrorReply(String id) {
        return "<iq to='example.test' from='alice@example.test/smack' id='" + id + "' type='error'>"
                + "<error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
                + "<query xmlns='jabber:iq:version'&lt;query xmlns=&apos;jabber:iq:version&apos;/&gt;</query></iq>";
    }

    private static final String MESSAGE = "<message to='bob@example.test' type='chat' id='m1'><body>hi</body></message>";

    @Test
    void smackErrorReplyToTheProbeIsConsumedAndTheStreamGoesOn() throws Exception {
        SoftwareVersionProbe probe = new SoftwareVersionProbe("example.test");
        String id = probe.request(ALICE).attribute("id");
        String stream = AUTHENTICATED_HEADER + smackErrorReply(id) + MESSAGE + "</stream:stream>";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int chunk : new int[] {bytes.length, 1, 5, 64}) {
            SoftwareVersionProbe fresh = new SoftwareVersionProbe("example.test");
            fresh.request(ALICE);
            XmppStreamReader reader = new XmppStreamReader(XmlLimits.defaults(), true, fresh::answers);
            List<StreamItem> items = feed(reader, bytes, chunk);
            assertEquals(4, items.size(), "chunk " + chunk + ": " + items);
            assertInstanceOf(StreamHeader.class, items.get(0));
            XmlElement reply = assertInstanceOf(TopLevelElement.class, items.get(1)).element();
            assertEquals("error", reply.attribute("type"));
            assertTrue(reply.child("error", XmppNamespaces.CLIENT).isPresent(), reply.toString());
            assertTrue(fresh.consumesReply(reply), "the probe takes its (malformed) answer");
            assertFalse(fresh.pending());
            TopLevelElement message = assertInstanceOf(TopLevelElement.class, items.get(2));
            assertArrayEquals(MESSAGE.getBytes(StandardCharsets.UTF_8), message.bytes(),
                    "the stanza after the broken reply is read and forwarded byte for byte");
            assertEquals("hi", message.element().child("body", XmppNamespaces.CLIENT).orElseThrow().text());
            assertInstanceOf(StreamEnd.class, items.get(3));
        }
    }

    @Test
    void malformedContentAnywhereElseStillEndsTheStream() {
        SoftwareVersionProbe probe = new SoftwareVersionProbe("example.test");
        probe.request(ALICE);
        XmppStreamReader reader = new XmppStreamReader(XmlLimits.defaults(), true, probe::answers);
        String stream = AUTHENTICATED_HEADER + smackErrorReply("roster-7");
        XmppStreamException e = assertThrows(XmppStreamException.class,
                () -> reader.feed(stream.getBytes(StandardCharsets.UTF_8)));
        assertEquals(StreamErrorCondition.NOT_WELL_FORMED, e.condition());
        assertTrue(probe.pending(), "an error IQ with another id is not our answer");
    }

    @Test
    void aToleratedBrokenReplyThatNeverEndsStillHitsTheStanzaLimit() throws Exception {
        SoftwareVersionProbe probe = new SoftwareVersionProbe("example.test");
        String id = probe.request(ALICE).attribute("id");
        XmppStreamReader reader = new XmppStreamReader(new XmlLimits(2048, 32, 50, 10_000), true, probe::answers);
        String broken = smackErrorReply(id);
        reader.feed((AUTHENTICATED_HEADER + broken.substring(0, broken.length() - "</iq>".length()))
                .getBytes(StandardCharsets.UTF_8));
        byte[] filler = "&lt;x/&gt;".repeat(100).getBytes(StandardCharsets.UTF_8);
        XmppStreamException e = assertThrows(XmppStreamException.class, () -> {
            for (int i = 0; i < 10; i++) {
                reader.feed(filler);
            }
        });
        assertEquals(StreamErrorCondition.POLICY_VIOLATION, e.condition());
        assertTrue(e.getMessage().contains("larger than 2048 bytes"), e.getMessage());
    }

    @Test
    void aReaderWithoutToleranceRejectsTheSameBytes() {
        XmppStreamReader reader = new XmppStreamReader(XmlLimits.defaults(), true);
        String stream = AUTHENTICATED_HEADER + smackErrorReply(SoftwareVersionProbe.ID_PREFIX + "1");
        XmppStreamException e = assertThrows(XmppStreamException.class,
                () -> reader.feed(stream.getBytes(StandardCharsets.UTF_8)));
        assertEquals(StreamErrorCondition.NOT_WELL_FORMED, e.condition());
    }

    private static List<StreamItem> feed(XmppStreamReader reader, byte[] bytes, int chunk) throws XmppStreamException {
        List<StreamItem> items = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += chunk) {
            items.addAll(reader.feed(bytes, i, Math.min(chunk, bytes.length - i)));
        }
        return items;
    }
}
