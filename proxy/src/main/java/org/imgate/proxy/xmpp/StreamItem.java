package org.imgate.proxy.xmpp;

/**
 * What an {@link XmppStreamReader} emits, in stream order: one {@link StreamHeader}, any number of
 * {@link TopLevelElement}s, and a {@link StreamEnd} when the peer closes the stream (RFC 6120 §4).
 * Immutable and thread-safe.
 */
public sealed interface StreamItem permits StreamHeader, TopLevelElement, StreamEnd {
}
