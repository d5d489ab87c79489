package org.imgate.proxy.xmpp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Parses stanzas written as wire XML through a real {@link XmppStreamReader}, as the proxy would. */
final class Stanzas {
    static final String CLIENT_HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' to='example.test' version='1.0'>";

    private Stanzas() {
    }

    static XmlElement parse(String xml) {
        try {
            XmppStreamReader reader = new XmppStreamReader(XmlLimits.defaults(), true);
            List<StreamItem> items = reader.feed((CLIENT_HEADER + xml).getBytes(StandardCharsets.UTF_8));
            if (items.size() != 2) {
                throw new IllegalArgumentException("expected one element in " + xml + ", got " + items);
            }
            return ((TopLevelElement) items.get(1)).element();
        } catch (XmppStreamException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
