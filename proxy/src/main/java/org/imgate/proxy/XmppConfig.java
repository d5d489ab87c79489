package org.imgate.proxy;

import org.imgate.core.HostPort;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code xmpp:} section of the configuration.
 *
 * @param listen        where client connections are accepted (default 0.0.0.0:5222)
 * @param upstreams     XMPP domain to the host:port of its real server
 * @param upstreamTrust extra PEM trust anchors for the upstream TLS leg, beside the JDK's
 */
public record XmppConfig(HostPort listen, Map<String, HostPort> upstreams, List<Path> upstreamTrust) {
    public XmppConfig {
        listen = listen == null ? new HostPort("0.0.0.0", 5222) : listen;
        upstreams = upstreams == null ? Map.of() : Map.copyOf(upstreams);
        upstreamTrust = upstreamTrust == null ? List.of() : List.copyOf(upstreamTrust);
        for (String domain : upstreams.keySet()) {
            if (domain.isBlank() || domain.contains("@") || domain.contains("/")) {
                throw new IllegalArgumentException("'" + domain + "' is not an XMPP domain");
            }
        }
    }

    public static XmppConfig defaults() {
        return new XmppConfig(null, null, null);
    }
}
