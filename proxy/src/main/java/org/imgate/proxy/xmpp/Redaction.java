package org.imgate.proxy.xmpp;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies a redact verdict to a {@code <message>}: every {@code <body>} (one per {@code xml:lang}, RFC
 * 6121 §5.2.3) gets the replacement text. Other renderings of the same text are removed, since they
 * would carry the original past the redaction: the XHTML-IM body (XEP-0071) and message markup
 * (XEP-0394, whose offsets refer to the original). Everything else is kept. Stateless and thread-safe.
 */
public final class Redaction {

    private static final String XHTML_IM = "http://jabber.org/protocol/xhtml-im";
    private static final String MARKUP = "urn:xmpp:markup:0";

    private Redaction() {
    }

    /** {@code message} with each body's text replaced by {@code replacement}. */
    public static XmlElement withBody(XmlElement message, String replacement) {
        List<XmlNode> children = new ArrayList<>();
        for (XmlNode node : message.children()) {
            if (node instanceof XmlElement e && e.is("body", XmppNamespaces.CLIENT)) {
                children.add(new XmlElement(e.prefix(), e.namespace(), e.name(), e.attributes(),
                        List.of(new XmlText(replacement))));
            } else if (node instanceof XmlElement e && (e.is("html", XHTML_IM) || e.is("markup", MARKUP))) {
                continue;
            } else {
                children.add(node);
            }
        }
        return new XmlElement(message.prefix(), message.namespace(), message.name(), message.attributes(), children);
    }
}
