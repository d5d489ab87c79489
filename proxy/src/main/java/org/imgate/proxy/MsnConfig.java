package org.imgate.proxy;

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
 */
public record MsnConfig(HostPort listen, HostPort upstream, String advertiseHost, HostPort switchboardListen,
                        Integer nsPortFirst, Integer nsPortLast, List<String> internalDomains,
                        List<CvrOverride> cvrOverrides) {
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
        for (String domain : internalDomains) {
            if (domain.isEmpty() || domain.contains("@") || domain.contains(" ")) {
                throw new IllegalArgumentException("internal-domains: '" + domain + "' is not a domain name");
            }
        }
    }

    /** Only the three original keys; the rest take their defaults. */
    public MsnConfig(HostPort listen, HostPort upstream, String advertiseHost) {
        this(listen, upstream, advertiseHost, null, null, null, null, null);
    }

    public static MsnConfig defaults() {
        return new MsnConfig(null, null, null);
    }
}
