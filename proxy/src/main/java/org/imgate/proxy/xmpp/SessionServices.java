package org.imgate.proxy.xmpp;

import org.imgate.core.Gate;
import org.imgate.core.HostPort;
import org.imgate.proxy.tls.ServerTls;
import org.imgate.proxy.tls.UpstreamTls;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every {@link XmppSession} of one proxy shares. Immutable; every component is thread-safe.
 *
 * @param upstreams        lower-case XMPP domain to its real server
 * @param scheduler        runs handshake deadlines and host-name resolution, never on an I/O thread
 * @param handshakeTimeout how long a client may take from connect to bind before it is disconnected
 * @param queueCapacity    stanzas per direction that may wait for decisions before reading pauses
 * @param parsers          the XML parser factory every session's readers share
 */
record SessionServices(Map<String, HostPort> upstreams, XmlLimits limits, XmlParserFactory parsers,
                       ServerTls serverTls, UpstreamTls upstreamTls, Gate gate, Clock clock, XmppEventMapper mapper,
                       ScheduledExecutorService scheduler, Duration handshakeTimeout, int queueCapacity) {
    SessionServices {
        upstreams = Map.copyOf(upstreams);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(parsers, "parsers");
        Objects.requireNonNull(serverTls, "serverTls");
        Objects.requireNonNull(upstreamTls, "upstreamTls");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(mapper, "mapper");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    }
}
