package org.imgate.proxy.xmpp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RedactionTest {

    @Test
    void everyBodyIsReplacedAndEverythingElseKept() throws Exception {
        String xml = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
                + "version='1.0'><message to='bob@example.test' id='m1' type='chat'><body>card 4111</body>"
                + "<body xml:lang='de'>Karte 4111</body><thread>t1</thread></message>";
        XmppStreamReader reader = new XmppStreamReader(XmlLimits.defaults(), true);
        List<StreamItem> items = reader.feed(xml.getBytes(StandardCharsets.UTF_8));
        XmlElement message = ((TopLevelElement) items.get(1)).element();

        XmlElement redacted = Redaction.withBody(message, "[removed]");

        assertEquals(List.of("[removed]", "[removed]"),
                redacted.elements("body", XmppNamespaces.CLIENT).stream().map(XmlElement::text).toList());
        assertEquals("t1", redacted.child("thread", XmppNamespaces.CLIENT).orElseThrow().text());
        assertEquals("m1", redacted.attribute("id"));
        assertEquals("de", redacted.elements("body", XmppNamespaces.CLIENT).get(1).lang());
    }

    @Test
    void richTextRenderingsOfTheOriginalAreRemoved() throws Exception {
        String xml = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
                + "version='1.0'><message to='bob@example.test' id='m2'><body>card 4111</body>"
                + "<html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml'>"
                + "<p>card <b>4111</b></p></body></html>"
                + "<markup xmlns='urn:xmpp:markup:0'><span start='5' end='9'><emphasis/></span></markup>"
                + "<active xmlns='http://jabber.org/protocol/chatstates'/></message>";
        XmppStreamReader reader = new XmppStreamReader(XmlLimits.defaults(), true);
        XmlElement message = ((TopLevelElement) reader.feed(xml.getBytes(StandardCharsets.UTF_8)).get(1)).element();

        XmlElement redacted = Redaction.withBody(message, "card [redacted]");

        assertEquals(List.of("body", "active"), redacted.children().stream()
                .filter(XmlElement.class::isInstance).map(n -> ((XmlElement) n).name()).toList(),
                "the XHTML-IM body and the markup would show the original");
    }
}
