package org.imgate.proxy.xmpp;

import java.util.Arrays;
import java.util.Objects;

/**
 * A complete child of {@code <stream:stream>} (a stanza, features, a STARTTLS, SASL or stream
 * management element), with the exact bytes it arrived as so that the proxy can forward it unchanged.
 *
 * <p>{@link #bytes()} may contain passwords (SASL) and must never be logged; {@link #toString()} shows
 * the redacted tree only. Immutable and thread-safe.
 */
public final class TopLevelElement implements StreamItem {

    private final XmlElement element;
    private final byte[] bytes;

    public TopLevelElement(XmlElement element, byte[] bytes) {
        this.element = Objects.requireNonNull(element, "element");
        this.bytes = Objects.requireNonNull(bytes, "bytes").clone();
    }

    /** The parsed tree. */
    public XmlElement element() {
        return element;
    }

    /** A copy of the bytes exactly as received, from the element's {@code <} to the end of its end tag. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** How many bytes the element took on the wire. */
    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopLevelElement other && element.equals(other.element)
                && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * element.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "TopLevelElement[" + size() + " bytes] " + element;
    }
}
