package org.imgate.proxy.xmpp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XmppErrorsTest {

    @Test
    void streamErrorParsesAsErrorThenEnd() throws Exception {
        String header = XmppErrors.streamHeader("example.test", null, "px-1");
        byte[] error = XmppErrors.streamError(StreamErrorCondition.POLICY_VIOLATION, "Blocked <by> policy & rules");
        XmppStreamReader reader = new XmppStreamReader(XmlLimits.defaults(), false);
        List<StreamItem> items = reader.feed((header + new String(error, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
        StreamHeader h = assertInstanceOf(StreamHeader.class, items.get(0));
        assertEquals("example.test", h.from());
        assertEquals("px-1", h.id());
        assertEquals("1.0", h.version());
        XmlElement e = ((TopLevelElement) items.get(1)).element();
        assertTrue(e.is("error", XmppNamespaces.STREAMS));
        assertTrue(e.child("policy-violation", XmppNamespaces.STREAM_ERRORS).isPresent());
        assertEquals("Blocked <by> policy & rules", e.child("text", XmppNamespaces.STREAM_ERRORS).orElseThrow().text());
        assertInstanceOf(StreamEnd.class, items.get(2));
    }

    @Test
    void messageBounceSwapsAddressesKeepsIdAndSaysWhy() {
        XmlElement message = Stanzas.parse("<message from='alice@example.test/desk' to='bob@example.test' "
                + "type='chat' id='7GE6Q-2'><body>secret plans</body></message>");
        XmlElement bounce = XmppErrors.bounce(message, StanzaErrorCondition.POLICY_VIOLATION,
                "Blocked by compliance policy", "example.test").orElseThrow();
        XmlElement reparsed = Stanzas.parse(bounce.toXml());
        assertEquals(bounce, reparsed);
        assertEquals("error", reparsed.attribute("type"));
        assertEquals("7GE6Q-2", reparsed.attribute("id"));
        assertEquals("bob@example.test", reparsed.attribute("from"));
        assertEquals("alice@example.test/desk", reparsed.attribute("to"));
        XmlElement error = reparsed.child("error", XmppNamespaces.CLIENT).orElseThrow();
        assertEquals("modify", error.attribute("type"));
        assertEquals("example.test", error.attribute("by"));
        assertTrue(error.child("policy-violation", XmppNamespaces.STANZA_ERRORS).isPresent());
        XmlElement text = error.child("text", XmppNamespaces.STANZA_ERRORS).orElseThrow();
        assertEquals("Blocked by compliance policy", text.text());
        assertEquals("en", text.lang());
        assertTrue(reparsed.child("body", XmppNamespaces.CLIENT).isEmpty(), "the blocked text is not echoed");
    }

    @Test
    void neverAnswersAnErrorOrAResult() {
        assertTrue(XmppErrors.bounce(Stanzas.parse("<message type='error' id='x'/>"),
                StanzaErrorCondition.POLICY_VIOLATION, "no", null).isEmpty());
        assertTrue(XmppErrors.bounce(Stanzas.parse("<iq type='result' id='x'/>"),
                StanzaErrorCondition.NOT_ALLOWED, "no", null).isEmpty());
        XmlElement iqError = XmppErrors.bounce(Stanzas.parse("<iq type='set' id='u1' to='upload.example.test'>"
                + "<request xmlns='urn:xmpp:http:upload:0' filename='a' size='1'/></iq>"),
                StanzaErrorCondition.NOT_ALLOWED, "File transfer is disabled", null).orElseThrow();
        assertEquals("cancel", iqError.child("error", XmppNamespaces.CLIENT).orElseThrow().attribute("type"));
        assertEquals("upload.example.test", iqError.attribute("from"));
    }

    @Test
    void noticeIsAHeadlineFromTheDomain() {
        XmlElement notice = Stanzas.parse(XmppErrors.notice("example.test", Jid.parse("alice@example.test/desk"),
                "This conversation is archived").toXml());
        assertEquals("headline", notice.attribute("type"));
        assertEquals("example.test", notice.attribute("from"));
        assertEquals("This conversation is archived", notice.child("body", XmppNamespaces.CLIENT).orElseThrow()
                .text());
    }
}
