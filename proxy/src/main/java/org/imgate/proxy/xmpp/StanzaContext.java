package org.imgate.proxy.xmpp;

import org.imgate.core.SessionId;

import java.util.Objects;

/**
 * What the mapper needs to know about the session a stanza crossed. Immutable and thread-safe.
 *
 * @param session the session
 * @param user    the user's full JID from the bind result (RFC 6120 §7), or {@code null} before bind
 * @param flow    which way the stanza went
 */
public record StanzaContext(SessionId session, Jid user, StanzaFlow flow) {
    public StanzaContext {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(flow, "flow");
    }
}
