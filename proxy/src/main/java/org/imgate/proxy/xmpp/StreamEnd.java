package org.imgate.proxy.xmpp;

/** The peer closed its stream with {@code </stream:stream>} (RFC 6120 §4.4). Immutable and thread-safe. */
public record StreamEnd() implements StreamItem {
}
