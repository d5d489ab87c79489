package org.imgate.proxy;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.imgate.core.HostPort;
import org.imgate.proxy.msn.cvr.CvrOverride;

/**
 * The {@code msn:} section of the configuration.
 *
 * @param listen            where MSN clients connect, as to their dispatch server (default 0.0.0.0:1863)
 * @param upstream          the real dispatch server; none (the default) leaves MSN interception off
 * @param advertiseHost     the address clients use to reach imgate, written into XFR and RNG (default 127.0.0.1)
 * @param switchboardListen where every switchboard connection comes to (default: listen's host, port 1864;
 *                          port 0 picks a free one)
 * @param nsPortFirst       first port of the range one listener per upstream notification server is taken
 *                          from, on listen's host (default 1865)
 * @param nsPortLast        last port of that range, inclusive (default 1899)
 * @param internalDomains   the sign-in domains that belong to the company ({@code corp.example}); a message
 *                          between internal handles is internal. Empty (the default) counts every handle
 *                          as internal.
 * @param cvrOverrides      what imgate writes into the server's CVR replies, per client family (the
 *                          upgrade an outdated official client is offered); default none
 * @param nsPortGrace       how long an idle notification listener stays bound after its last connection
 *                          ended and the last redirect to it was sent, before its port is freed
 *                          (default PT5M)
 * @param gatewayListen     where imgate serves the MSN HTTP gateway ({@code POST /gateway/gateway.dll}) for
 *                          clients that cannot reach port 1863; none (the default) serves no gateway
 * @param gatewayIdleTimeout how long a gateway session may go without a request before it ends (clients
 *                          poll every few seconds; default PT60S)
 * @param gatewayMaxSessions how many gateway sessions may be open at once (default 10000)
 * @param gatewayMaxQueuedBytes how many bytes may wait for one gateway client's next request; a client that
 *                          stops polling while its server keeps talking loses its session at this bound
 *                          (default 262144)
 */
public record MsnConfig(HostPort listen, HostPort upstream, String advertiseHost, HostPort switchboardListen,
                        Integer nsPortFirst, Integer nsPortLast, List<String> internalDomains,
                        List<CvrOverride> cvrOverrides, Duration nsPortGrace, HostPort gatewayListen,
                        Duration gatewayIdleTimeout, Integer gatewayMaxSessions, Integer gatewayMaxQueuedBytes) {
    public MsnConfig {
        listen = listen == null ? new HostPort("0.0.0.0", 1863) : listen;
        advertiseHost = advertiseHost == null ? "127.0.0.1" : advertiseHost;
        if (advertiseHost.isBlank() || advertiseHost.contains(" ")) {
            throw new IllegalArgumentException("advertise-host must be a host name or address");
        }
        switchboardListen = switchboardListen == null ? new HostPort(listen.host(), 1864) : switchboardListen;
        nsPortFirst = nsPortFirst == null ? 1865 : nsPortFirst;
        nsPortLast = nsPortLast == null ? 1899 : nsPortLast;
        if (nsPortFirst < 1 || nsPortLast > 65535 || nsPortFirst > nsPortLast) {
            throw new IllegalArgumentException("ns-port-first/ns-port-last must be a port range within 1-65535, was "
                    + nsPortFirst + "-" + nsPortLast);
        }
        internalDomains = internalDomains == null ? List.of()
                : internalDomains.stream().map(d -> d.strip().toLowerCase(Locale.ROOT)).toList();
        cvrOverrides = cvrOverrides == null ? List.of() : List.copyOf(cvrOverrides);
        nsPortGrace = nsPortGrace == null ? Duration.ofMinutes(5) : nsPortGrace;
        if (nsPortGrace.isNegative()) {
            throw new IllegalArgumentException("ns-port-grace must not be negative, was " + nsPortGrace);
        }
        gatewayIdleTimeout = gatewayIdleTimeout == null ? Duration.ofSeconds(60) : gatewayIdleTimeout;
        if (gatewayIdleTimeout.isNegative() || gatewayIdleTimeout.isZero()) {
            throw new IllegalArgumentException("gateway-idle-timeout must be positive, was " + gatewayIdleTimeout);
        }
        gatewayMaxSessions = gatewayMaxSessions == null ? 10_000 : gatewayMaxSessions;
        if (gatewayMaxSessions < 1) {
            throw new IllegalArgumentException("gateway-max-sessions must be at least 1, was " + gatewayMaxSessions);
        }
        gatewayMaxQueuedBytes = gatewayMaxQueuedBytes == null ? 256 * 1024 : gatewayMaxQueuedBytes;
        if (gatewayMaxQueuedBytes < 4096) {
            throw new IllegalArgumentException("gateway-max-queued-bytes must be at least 4096, was "
                    + gatewayMaxQueuedBytes);
        }
        for (String domain : internalDomains) {
            if (domain.isEmpty() || domain.contains("@") || domain.contains(" ")) {
                throw new IllegalArgumentException("internal-domains: '" + domain + "' is not a domain name");
            }
        }
    }

    /** Without the notification-port grace and gateway keys; they take their defaults. */
    public MsnConfig(HostPort listen, HostPort upstream, String advertiseHost, HostPort switchboardListen,
                     Integer nsPortFirst, Integer nsPortLast, List<String> internalDomains,
                     List<CvrOverride> cvrOverrides) {
        this(listen, upstream, advertiseHost, switchboardListen, nsPortFirst, nsPortLast, internalDomains,
                cvrOverrides, null, null, null, null, null);
    }

    /** Only the three original keys; the rest take their defaults. */
    public MsnConfig(HostPort listen, HostPort upstream, String advertiseHost) {
        this(listen, upstream, advertiseHost, null, null, null, null, null);
    }

    public static MsnConfig defaults() {
        return new MsnConfig(null, null, null);
    }
}
