package org.imgate.proxy.xmpp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An immutable XML element tree as parsed from, or to be written to, an XMPP stream.
 *
 * <p>{@link #toString()} never shows the text of authentication elements (SASL, SASL2, XEP-0078
 * {@code jabber:iq:auth}), so a tree may be logged safely; {@link #toXml()} writes everything and is
 * for the wire only. Thread-safe.
 *
 * @param prefix    the prefix as written ({@code "stream"} for {@code <stream:features>}), empty when none
 * @param namespace the element's namespace
 * @param name      the local name
 */
public record XmlElement(String prefix, String namespace, String name, List<XmlAttribute> attributes,
                         List<XmlNode> children) implements XmlNode {

    private static final Set<String> SECRET_NAMESPACES =
            Set.of(XmppNamespaces.SASL, XmppNamespaces.SASL2, XmppNamespaces.IQ_AUTH);
    private static final String REDACTED = "[redacted]";

    public XmlElement {
        prefix = prefix == null ? "" : prefix;
        namespace = namespace == null ? "" : namespace;
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("element name must not be empty");
        }
        attributes = List.copyOf(attributes);
        children = List.copyOf(children);
    }

    /** An unprefixed element. */
    public static XmlElement of(String namespace, String name, List<XmlAttribute> attributes,
                                List<? extends XmlNode> children) {
        return new XmlElement("", namespace, name, attributes, List.copyOf(children));
    }

    /** True when this element has the given local name and namespace. */
    public boolean is(String localName, String ns) {
        return name.equals(localName) && namespace.equals(ns);
    }

    /** The value of the unprefixed attribute {@code attributeName}, or {@code null}. */
    public String attribute(String attributeName) {
        for (XmlAttribute a : attributes) {
            if (a.namespace().isEmpty() && a.name().equals(attributeName)) {
                return a.value();
            }
        }
        return null;
    }

    /** The {@code xml:lang} attribute, or {@code null}. */
    public String lang() {
        for (XmlAttribute a : attributes) {
            if (a.namespace().equals(XmppNamespaces.XML) && a.name().equals("lang")) {
                return a.value();
            }
        }
        return null;
    }

    /** The child elements, in document order. */
    public List<XmlElement> elements() {
        List<XmlElement> out = new ArrayList<>();
        for (XmlNode n : children) {
            if (n instanceof XmlElement e) {
                out.add(e);
            }
        }
        return out;
    }

    /** The child elements with this name and namespace. */
    public List<XmlElement> elements(String localName, String ns) {
        List<XmlElement> out = new ArrayList<>(2);
        for (XmlNode n : children) {
            if (n instanceof XmlElement e && e.is(localName, ns)) {
                out.add(e);
            }
        }
        return List.copyOf(out);
    }

    /** The first child element with this name and namespace. */
    public Optional<XmlElement> child(String localName, String ns) {
        // a plain loop: the mapper asks this about ten times per message, and a stream over a copied
        // list of the children was one of the relay's larger allocators
        for (XmlNode n : children) {
            if (n instanceof XmlElement e && e.is(localName, ns)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The first child element in namespace {@code ns}, whatever its name. */
    public Optional<XmlElement> childIn(String ns) {
        for (XmlNode n : children) {
            if (n instanceof XmlElement e && e.namespace().equals(ns)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The concatenated text directly inside this element (not of its descendants). */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (XmlNode n : children) {
            if (n instanceof XmlText t) {
                sb.append(t.text());
            }
        }
        return sb.toString();
    }

    /** The same element without the children {@code drop} accepts. */
    public XmlElement withoutChildren(Predicate<XmlElement> drop) {
        List<XmlNode> kept = new ArrayList<>();
        for (XmlNode n : children) {
            if (!(n instanceof XmlElement e && drop.test(e))) {
                kept.add(n);
            }
        }
        return new XmlElement(prefix, namespace, name, attributes, kept);
    }

    /** True for elements whose text is an authentication payload (SASL, SASL2, {@code jabber:iq:auth}). */
    public boolean isSecret() {
        return SECRET_NAMESPACES.contains(namespace);
    }

    /**
     * The element as it goes on a client stream, whose header binds the default namespace to
     * {@code jabber:client} and {@code stream} to the streams namespace. For the wire only: it
     * contains authentication payloads when the element carries them.
     */
    public String toXml() {
        return toXml(XmppNamespaces.CLIENT);
    }

    /** As {@link #toXml()}, for a stream whose default namespace is {@code defaultNamespace}. */
    public String toXml(String defaultNamespace) {
        StringBuilder sb = new StringBuilder();
        write(sb, initialScope(defaultNamespace), false);
        return sb.toString();
    }

    /** The element as XML with every authentication payload replaced by {@code [redacted]}: safe to log. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        write(sb, initialScope(XmppNamespaces.CLIENT), true);
        return sb.toString();
    }

    private static Map<String, String> initialScope(String defaultNamespace) {
        Map<String, String> scope = new HashMap<>();
        scope.put("", defaultNamespace);
        scope.put("stream", XmppNamespaces.STREAMS);
        scope.put("xml", XmppNamespaces.XML);
        return scope;
    }

    private void write(StringBuilder sb, Map<String, String> inherited, boolean redact) {
        Map<String, String> scope = inherited;
        List<String[]> declarations = new ArrayList<>();
        if (!namespace.equals(inherited.get(prefix))) {
            scope = new HashMap<>(inherited);
            scope.put(prefix, namespace);
            declarations.add(new String[] {prefix, namespace});
        }
        for (XmlAttribute a : attributes) {
            if (!a.prefix().isEmpty() && !a.namespace().equals(scope.get(a.prefix()))) {
                if (scope == inherited) {
                    scope = new HashMap<>(inherited);
                }
                scope.put(a.prefix(), a.namespace());
                declarations.add(new String[] {a.prefix(), a.namespace()});
            }
        }
        String qname = prefix.isEmpty() ? name : prefix + ":" + name;
        sb.append('<').append(qname);
        for (String[] d : declarations) {
            sb.append(d[0].isEmpty() ? " xmlns" : " xmlns:" + d[0]).append("='");
            escape(sb, d[1]);
            sb.append('\'');
        }
        for (XmlAttribute a : attributes) {
            sb.append(' ').append(a.qualifiedName()).append("='");
            escape(sb, a.value());
            sb.append('\'');
        }
        if (children.isEmpty()) {
            sb.append("/>");
            return;
        }
        sb.append('>');
        boolean hide = redact && isSecret();
        boolean redactedOnce = false;
        for (XmlNode n : children) {
            if (n instanceof XmlElement e) {
                e.write(sb, scope, redact);
            } else if (n instanceof XmlText t) {
                if (!hide) {
                    escape(sb, t.text());
                } else if (!redactedOnce) {
                    sb.append(REDACTED);
                    redactedOnce = true;
                }
            }
        }
        sb.append("</").append(qname).append('>');
    }

    static void escape(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\'' -> sb.append("&apos;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
    }
}
