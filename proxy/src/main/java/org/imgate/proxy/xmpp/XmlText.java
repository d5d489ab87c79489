package org.imgate.proxy.xmpp;

import java.util.Objects;

/** Character data inside an element, entity and character references already resolved. Immutable and thread-safe. */
public record XmlText(String text) implements XmlNode {
    public XmlText {
        Objects.requireNonNull(text, "text");
    }

    /** Never the text itself: it may be a SASL payload; {@link XmlElement#toString()} decides what to show. */
    @Override
    public String toString() {
        return "XmlText[" + text.length() + " chars]";
    }
}
