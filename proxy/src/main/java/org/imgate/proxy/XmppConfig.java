package org.imgate.proxy;

import org.imgate.core.HostPort;
import org.imgate.proxy.xmpp.XmlLimits;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code xmpp:} section of the configuration.
 *
 * @param listen        where client connections are accepted (default 0.0.0.0:5222)
 * @param upstreams     XMPP domain to the host:port of its real server
 * @param upstreamTrust extra PEM trust anchors for the upstream TLS leg, beside the JDK's
 * @param limits        the {@code xmpp.limits:} bounds on what one peer may make the proxy parse
 */
public record XmppConfig(HostPort listen, Map<String, HostPort> upstreams, List<Path> upstreamTrust,
                         Limits limits) {
    public XmppConfig {
        listen = listen == null ? new HostPort("0.0.0.0", 5222) : listen;
        upstreams = upstreams == null ? Map.of() : Map.copyOf(upstreams);
        upstreamTrust = upstreamTrust == null ? List.of() : List.copyOf(upstreamTrust);
        limits = limits == null ? Limits.defaults() : limits;
        for (String domain : upstreams.keySet()) {
            if (domain.isBlank() || domain.contains("@") || domain.contains("/")) {
                throw new IllegalArgumentException("'" + domain + "' is not an XMPP domain");
            }
        }
    }

    /** A section with the default limits. */
    public XmppConfig(HostPort listen, Map<String, HostPort> upstreams, List<Path> upstreamTrust) {
        this(listen, upstreams, upstreamTrust, null);
    }

    public static XmppConfig defaults() {
        return new XmppConfig(null, null, null, null);
    }

    /** The configured limits in the form {@link org.imgate.proxy.xmpp.XmppProxy} takes. */
    public XmlLimits xmlLimits() {
        return new XmlLimits(limits.maxStanzaBytes(), limits.maxDepth(), limits.maxAttributes(),
                limits.maxBytesBeforeAuth());
    }

    /**
     * The {@code xmpp.limits:} keys; each missing key takes the {@link XmlLimits#defaults()} value.
     * The upper bounds keep a typo (an extra zero or two) from letting one peer pin gigabytes.
     *
     * @param maxStanzaBytes     {@code max-stanza-bytes}: the largest top-level element, 1 KiB to 64 MiB
     * @param maxDepth           {@code max-depth}: the deepest nesting counting the stream, 2 to 1000
     * @param maxAttributes      {@code max-attributes}: the most attributes on one element, 1 to 10,000
     * @param maxBytesBeforeAuth {@code max-bytes-before-auth}: bytes allowed before authentication,
     *                           1 KiB to 64 MiB
     */
    public record Limits(Integer maxStanzaBytes, Integer maxDepth, Integer maxAttributes, Integer maxBytesBeforeAuth) {
        private static final int KIB = 1024;
        private static final int MAX_BYTES = 64 * 1024 * KIB;

        public Limits {
            maxStanzaBytes = inRange(maxStanzaBytes, XmlLimits.DEFAULT_MAX_STANZA_BYTES, KIB, MAX_BYTES,
                    "max-stanza-bytes");
            maxDepth = inRange(maxDepth, XmlLimits.DEFAULT_MAX_DEPTH, 2, 1000, "max-depth");
            maxAttributes = inRange(maxAttributes, XmlLimits.DEFAULT_MAX_ATTRIBUTES, 1, 10_000, "max-attributes");
            maxBytesBeforeAuth = inRange(maxBytesBeforeAuth, XmlLimits.DEFAULT_MAX_BYTES_BEFORE_AUTH, KIB, MAX_BYTES,
                    "max-bytes-before-auth");
        }

        public static Limits defaults() {
            return new Limits(null, null, null, null);
        }

        private static int inRange(Integer value, int fallback, int min, int max, String key) {
            if (value == null) {
                return fallback;
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", was " + value);
            }
            return value;
        }
    }
}
