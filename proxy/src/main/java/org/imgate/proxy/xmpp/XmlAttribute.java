package org.imgate.proxy.xmpp;

import java.util.Objects;

/**
 * One attribute as parsed or to be written. Immutable and thread-safe.
 *
 * @param prefix    the prefix as written ({@code "xml"} for {@code xml:lang}), empty when none
 * @param namespace the attribute's namespace, empty for an unprefixed attribute
 * @param name      the local name
 * @param value     the normalised value, references resolved
 */
public record XmlAttribute(String prefix, String namespace, String name, String value) {
    public XmlAttribute {
        prefix = prefix == null ? "" : prefix;
        namespace = namespace == null ? "" : namespace;
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("attribute name must not be empty");
        }
    }

    /** An unprefixed attribute in no namespace. */
    public static XmlAttribute of(String name, String value) {
        return new XmlAttribute("", "", name, value);
    }

    /** The qualified name as written on the wire. */
    public String qualifiedName() {
        return prefix.isEmpty() ? name : prefix + ":" + name;
    }
}
