package org.imgate.proxy.xmpp;

/** A node of a parsed element tree: an element or a run of text. Immutable and thread-safe. */
public sealed interface XmlNode permits XmlElement, XmlText {
}
