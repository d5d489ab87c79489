package org.imgate.proxy;

import org.imgate.core.HostPort;

/**
 * The {@code msn:} section of the configuration.
 *
 * @param listen        where MSN clients connect, as to their dispatch server (default 0.0.0.0:1863)
 * @param upstream      the real dispatch server (default messenger.hotmail.com:1863)
 * @param advertiseHost the address clients use to reach imgate, written into XFR and RNG (default 127.0.0.1)
 */
public record MsnConfig(HostPort listen, HostPort upstream, String advertiseHost) {
    public MsnConfig {
        listen = listen == null ? new HostPort("0.0.0.0", 1863) : listen;
        upstream = upstream == null ? new HostPort("messenger.hotmail.com", 1863) : upstream;
        advertiseHost = advertiseHost == null ? "127.0.0.1" : advertiseHost;
        if (advertiseHost.isBlank() || advertiseHost.contains(" ")) {
            throw new IllegalArgumentException("advertise-host must be a host name or address");
        }
    }

    public static MsnConfig defaults() {
        return new MsnConfig(null, null, null);
    }
}
