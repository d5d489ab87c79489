package org.imgate.proxy.xmpp;

/**
 * Bounds one {@link XmppStreamReader} enforces, so that no peer can make the proxy buffer or build
 * more than this (RFC 6120 §13.12 asks servers to limit stanza size; these mirror Prosody's).
 * Immutable and thread-safe; one instance serves every session.
 *
 * @param maxStanzaBytes         the largest top-level element in bytes, counted from its {@code <} to
 *                               the end of its end tag; also caps bytes pending before an element is known
 * @param maxDepth               the deepest element nesting, counting {@code <stream:stream>} as depth 1
 * @param maxAttributes          the most attributes on one element
 * @param maxBytesBeforeAuth     the most bytes an unauthenticated stream may carry in total
 */
public record XmlLimits(int maxStanzaBytes, int maxDepth, int maxAttributes, int maxBytesBeforeAuth) {

    public static final int DEFAULT_MAX_STANZA_BYTES = 256 * 1024;
    public static final int DEFAULT_MAX_DEPTH = 32;
    public static final int DEFAULT_MAX_ATTRIBUTES = 50;
    public static final int DEFAULT_MAX_BYTES_BEFORE_AUTH = 10_000;

    public XmlLimits {
        positive(maxStanzaBytes, "max stanza bytes");
        if (maxDepth < 2) {
            throw new IllegalArgumentException("max depth must be at least 2 (stream and stanza), was " + maxDepth);
        }
        positive(maxAttributes, "max attributes");
        positive(maxBytesBeforeAuth, "max bytes before auth");
    }

    /** The defaults: 256 KiB stanzas, depth 32, 50 attributes, 10,000 bytes before authentication. */
    public static XmlLimits defaults() {
        return new XmlLimits(DEFAULT_MAX_STANZA_BYTES, DEFAULT_MAX_DEPTH, DEFAULT_MAX_ATTRIBUTES,
                DEFAULT_MAX_BYTES_BEFORE_AUTH);
    }

    private static void positive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
