package org.imgate.proxy.msn.gateway;

import java.util.Objects;
import java.util.Optional;

import org.imgate.core.HostPort;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.route.NsPortAllocator;
import org.imgate.proxy.msn.route.SwitchboardRoutes;

/**
 * Decides which upstream server a client's {@code Action=open} is carried to, the gateway's counterpart
 * of the per-port and per-cookie routing in docs/adr/0004-msn-redirect-routing.md. The client's
 * {@code IP=} is never trusted as a destination: a client must not make imgate connect wherever it
 * likes (and so bypass policy or probe the network).
 *
 * <ul>
 * <li>{@code Server=NS} with {@code IP=} an advertised notification port of imgate
 *     ({@code im.corp.example:18630}, as rewritten into {@code XFR … NS}): that port's upstream.</li>
 * <li>{@code Server=NS} with any other {@code IP=} (the dispatch name {@code messenger.hotmail.com}, a
 *     notification server the client cached from before imgate): the configured upstream dispatch
 *     server, which redirects the client again.</li>
 * <li>{@code Server=SB}: the switchboard registered for the cookie in the first command of the open
 *     request's body ({@code USR}/{@code ANS}).</li>
 * </ul>
 * Thread-safe.
 */
public final class GatewayRouter {

    private final String advertiseHost;
    private final HostPort dispatch;
    private final NsPortAllocator nsPorts;
    private final SwitchboardRoutes switchboards;

    public GatewayRouter(String advertiseHost, HostPort dispatch, NsPortAllocator nsPorts,
                         SwitchboardRoutes switchboards) {
        this.advertiseHost = Objects.requireNonNull(advertiseHost, "advertiseHost");
        this.dispatch = Objects.requireNonNull(dispatch, "dispatch");
        this.nsPorts = Objects.requireNonNull(nsPorts, "nsPorts");
        this.switchboards = Objects.requireNonNull(switchboards, "switchboards");
    }

    /**
     * @param firstCommand the first MSNP command of the open request's body, or {@code null} when it held
     *                     none (a switchboard cannot be routed then)
     * @return the upstream, or empty when a switchboard open presents no known cookie (answer 400)
     */
    public Optional<HostPort> upstreamFor(GatewayCall.Open open, MsnCommand firstCommand) {
        Objects.requireNonNull(open, "open");
        if (open.server() == GatewayServer.SB) {
            return firstCommand == null ? Optional.empty() : switchboards.claim(firstCommand);
        }
        return Optional.of(advertisedPort(open.ip()).flatMap(nsPorts::upstreamFor).orElse(dispatch));
    }

    /** The port of {@code ip} when it names imgate's advertised host with a port. */
    private Optional<Integer> advertisedPort(String ip) {
        int colon = ip.lastIndexOf(':');
        String host = colon <= 0 ? "" : ip.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (!host.equalsIgnoreCase(advertiseHost)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(ip.substring(colon + 1)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
