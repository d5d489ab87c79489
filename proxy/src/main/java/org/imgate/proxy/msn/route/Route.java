package org.imgate.proxy.msn.route;

import java.util.Objects;

import org.imgate.core.HostPort;

/**
 * Where the client's follow-up connection for a redirect lands and where imgate must carry it on.
 * Holds no cookie, so it may be logged. Immutable and thread-safe.
 *
 * @param kind       which server role the follow-up connection reaches
 * @param advertised the address written into the rewritten command: imgate, as clients reach it
 * @param upstream   the server the upstream named, where imgate connects on the client's behalf
 */
public record Route(RouteKind kind, HostPort advertised, HostPort upstream) {
    public Route {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(advertised, "advertised");
        Objects.requireNonNull(upstream, "upstream");
    }
}
