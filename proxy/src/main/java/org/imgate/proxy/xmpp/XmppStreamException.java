package org.imgate.proxy.xmpp;

import java.util.Objects;

/**
 * The peer broke the XML rules or a limit of its stream; the session must end with the stream error
 * {@link #condition()}. The message says what was wrong and never contains stanza content. Immutable once thrown.
 */
public final class XmppStreamException extends Exception {

    private static final long serialVersionUID = 1L;

    private final StreamErrorCondition condition;

    public XmppStreamException(StreamErrorCondition condition, String message) {
        super(message);
        this.condition = Objects.requireNonNull(condition, "condition");
    }

    public XmppStreamException(StreamErrorCondition condition, String message, Throwable cause) {
        super(message, cause);
        this.condition = Objects.requireNonNull(condition, "condition");
    }

    /** The RFC 6120 stream error to send before closing. */
    public StreamErrorCondition condition() {
        return condition;
    }
}
