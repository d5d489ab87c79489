package org.imgate.proxy.msn.route;

import java.util.Objects;

/**
 * What a client presents when it opens a switchboard connection: the CKI cookie alone after
 * {@code XFR … SB} ({@code USR trid handle cookie}), or the cookie with the switchboard session id after
 * {@code RNG} ({@code ANS trid handle cookie sessionId}); msnp.md §1 "Switchboard".
 *
 * <p>The cookie is a credential (whoever holds it joins the conversation), so {@link #toString()} never
 * shows it. Immutable and thread-safe.
 *
 * @param cookie    the CKI cookie as sent
 * @param sessionId the switchboard session id of an invitation ({@code RNG}), or {@code null} for a
 *                  switchboard the user asked for ({@code XFR … SB})
 */
public record SwitchboardTicket(String cookie, String sessionId) {
    public SwitchboardTicket {
        Objects.requireNonNull(cookie, "cookie");
        if (cookie.isBlank()) {
            throw new IllegalArgumentException("switchboard cookie must not be blank");
        }
        if (sessionId != null && sessionId.isBlank()) {
            throw new IllegalArgumentException("switchboard session id must not be blank when present");
        }
    }

    @Override
    public String toString() {
        return "SwitchboardTicket[" + (sessionId == null ? "XFR" : "RNG session " + sessionId) + ", cookie hidden]";
    }
}
