package org.imgate.proxy.msn.gateway;

import java.util.Objects;

/**
 * The {@code X-MSN-Messenger} response header: {@code SessionID=<id>; GW-IP=<address>}, and
 * {@code Session=close} when the server ended the session (msnp.md §1 "HTTP gateway"; the close field is
 * marked unverified there). The client posts its next request to {@code GW-IP} with the latest
 * {@code SessionID}. The session id admits whoever holds it to the session, so {@link #toString()} hides
 * it. Immutable and thread-safe.
 *
 * @param sessionId the session id, or {@code null} when a closing reply omits it
 * @param gatewayIp the address for the next request, or {@code null} when absent
 * @param closed    whether the session ended
 */
public record MessengerHeader(String sessionId, String gatewayIp, boolean closed) {

    public MessengerHeader {
        check(sessionId, "SessionID");
        check(gatewayIp, "GW-IP");
        if (sessionId == null && !closed) {
            throw new IllegalArgumentException("X-MSN-Messenger needs a SessionID unless it closes the session");
        }
    }

    private static void check(String value, String name) {
        if (value != null && (value.isBlank() || value.chars().anyMatch(c -> c <= ' ' || c == ';' || c == 0x7f))) {
            throw new IllegalArgumentException(name + " must be one token without spaces or ';'");
        }
    }

    /** Reads the header as a gateway client does; unknown fields are ignored. */
    public static MessengerHeader parse(String value) {
        Objects.requireNonNull(value, "value");
        String sessionId = null;
        String gatewayIp = null;
        boolean closed = false;
        for (String part : value.split(";")) {
            String field = part.strip();
            int eq = field.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = field.substring(0, eq).strip();
            String v = field.substring(eq + 1).strip();
            if (name.equalsIgnoreCase("SessionID")) {
                sessionId = v;
            } else if (name.equalsIgnoreCase("GW-IP")) {
                gatewayIp = v;
            } else if (name.equalsIgnoreCase("Session") && v.equalsIgnoreCase("close")) {
                closed = true;
            }
        }
        return new MessengerHeader(sessionId, gatewayIp, closed);
    }

    /** The header value as sent. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        if (sessionId != null) {
            sb.append("SessionID=").append(sessionId);
        }
        if (gatewayIp != null) {
            sb.append(sb.length() == 0 ? "" : "; ").append("GW-IP=").append(gatewayIp);
        }
        if (closed) {
            sb.append(sb.length() == 0 ? "" : "; ").append("Session=close");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "MessengerHeader[session hidden, GW-IP=" + gatewayIp + (closed ? ", closed" : "") + "]";
    }
}
