package org.imgate.proxy.xmpp;

/** The peer closed its stream with {@code </stream:stream>} (RFC 6120 §4.4). */
public record StreamEnd() implements StreamItem {
}
