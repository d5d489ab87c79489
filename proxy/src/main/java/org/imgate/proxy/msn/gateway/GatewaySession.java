package org.imgate.proxy.msn.gateway;

import java.time.Instant;
import java.util.Objects;

import org.imgate.core.HostPort;

/**
 * One client's gateway session as {@link GatewaySessions} last recorded it. The ids admit whoever holds
 * them to the session, so {@link #toString()} shows neither. Immutable and thread-safe.
 *
 * @param id                 the session id imgate issued to the client
 * @param server             the server role the session speaks to
 * @param upstream           the upstream server the session's MSNP traffic is carried to
 * @param upstreamSessionId  the upstream gateway's latest session id, or {@code null} when imgate reaches
 *                           the upstream over plain TCP or has not heard from it yet
 * @param upstreamGatewayIp  where imgate sends the next upstream gateway request (the latest GW-IP), or
 *                           {@code null}
 * @param lastActive         when the last request finished (or the session opened)
 * @param inFlight           whether a client request is being served: the protocol allows one at a time
 */
public record GatewaySession(String id, GatewayServer server, HostPort upstream, String upstreamSessionId,
                             String upstreamGatewayIp, Instant lastActive, boolean inFlight) {
    public GatewaySession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(lastActive, "lastActive");
    }

    GatewaySession with(String newUpstreamSessionId, String newUpstreamGatewayIp, Instant now, boolean busy) {
        return new GatewaySession(id, server, upstream, newUpstreamSessionId, newUpstreamGatewayIp, now, busy);
    }

    @Override
    public String toString() {
        return "GatewaySession[" + server + " to " + upstream + ", ids hidden, last active " + lastActive
                + (inFlight ? ", request in flight" : "") + "]";
    }
}
