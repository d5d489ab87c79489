package org.imgate.proxy.xmpp;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies a redact verdict to a {@code <message>}: every {@code <body>} (one per {@code xml:lang}, RFC
 * 6121 §5.2.3) gets the replacement text, everything else is kept. Stateless and thread-safe.
 */
public final class Redaction {

    private Redaction() {
    }

    /** {@code message} with each body's text replaced by {@code replacement}. */
    public static XmlElement withBody(XmlElement message, String replacement) {
        List<XmlNode> children = new ArrayList<>();
        for (XmlNode node : message.children()) {
            if (node instanceof XmlElement e && e.is("body", XmppNamespaces.CLIENT)) {
                children.add(new XmlElement(e.prefix(), e.namespace(), e.name(), e.attributes(),
                        List.of(new XmlText(replacement))));
            } else {
                children.add(node);
            }
        }
        return new XmlElement(message.prefix(), message.namespace(), message.name(), message.attributes(), children);
    }
}
