package org.imgate.proxy.msn.enforce;

import java.util.Objects;

import org.imgate.proxy.msn.codec.PayloadRules;
import org.imgate.proxy.msn.mapper.SessionRole;

/**
 * What the enforcer needs to know about the session a command belongs to. Immutable and thread-safe.
 *
 * @param role            notification or switchboard session
 * @param protocolVersion the negotiated MSNP version (8 for MSNP8)
 * @param loggedIn        whether the server has accepted the user's login ({@code USR … OK}); a
 *                        switchboard session counts as logged in once joined
 * @param userHandle      the user's sign-in name, or {@code null} when not yet known
 * @param counterpart     in a switchboard with exactly one other participant, that participant; else
 *                        {@code null}. File-transfer cancels appear to come from them, as a real
 *                        decline would.
 */
public record EnforcementContext(SessionRole role, int protocolVersion, boolean loggedIn, String userHandle,
                                 Peer counterpart) {
    public EnforcementContext {
        Objects.requireNonNull(role, "role");
        if (protocolVersion < PayloadRules.MIN_VERSION || protocolVersion > PayloadRules.MAX_VERSION) {
            throw new IllegalArgumentException("unknown MSNP version " + protocolVersion);
        }
    }

    public boolean isSwitchboard() {
        return role == SessionRole.SWITCHBOARD;
    }
}
