package org.imgate.proxy.msn.gateway;

import java.time.Instant;
import java.util.Objects;

import org.imgate.core.HostPort;

/**
 * One client's gateway session as {@link GatewaySessions} last recorded it. The id admits whoever holds
 * it to the session, so {@link #toString()} does not show it. Immutable and thread-safe.
 *
 * @param id         the session id imgate issued to the client
 * @param server     the server role the session speaks to
 * @param upstream   the upstream server the session's MSNP traffic is carried to over TCP
 * @param lastActive when the last request finished (or the session opened)
 * @param inFlight   whether a client request is being served: the protocol allows one at a time
 */
public record GatewaySession(String id, GatewayServer server, HostPort upstream, Instant lastActive,
                             boolean inFlight) {
    public GatewaySession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(lastActive, "lastActive");
    }

    GatewaySession with(Instant now, boolean busy) {
        return new GatewaySession(id, server, upstream, now, busy);
    }

    @Override
    public String toString() {
        return "GatewaySession[" + server + " to " + upstream + ", id hidden, last active " + lastActive
                + (inFlight ? ", request in flight" : "") + "]";
    }
}
