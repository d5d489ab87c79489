package org.imgate.proxy.xmpp;

import org.imgate.core.Gate;
import org.imgate.core.HostPort;
import org.imgate.core.SessionId;
import org.imgate.proxy.XmppConfig;
import org.imgate.proxy.relay.RelayHost;
import org.imgate.proxy.tls.LeafCertificates;
import org.imgate.proxy.tls.ServerTls;
import org.imgate.proxy.tls.UpstreamTls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The XMPP client-to-server intercepting proxy (RFC 6120 c2s over STARTTLS): listens where
 * {@code xmpp.listen} says, picks the real server by the domain the client names, and runs one
 * {@link XmppSession} per client. This is the entry point {@code imgate serve} wires: construct,
 * {@link #start()}, and {@link #close()} on shutdown.
 *
 * <p>Thread-safe. {@link #start()} mints the leaf certificates and TLS contexts of every configured domain
 * first, so no I/O thread ever waits for key generation.
 */
public final class XmppProxy implements AutoCloseable {

    /** How long a client may take from connecting to a bound resource. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);
    /** Stanzas per direction that may wait for their decisions before the proxy stops reading. */
    public static final int DEFAULT_QUEUE_CAPACITY = 64;

    private final XmppConfig config;
    private final LeafCertificates leaves;
    private final SessionServices services;
    private final ScheduledExecutorService scheduler;
    private final AtomicLong sessions = new AtomicLong();
    private final String sessionPrefix;
    private RelayHost host;
    private InetSocketAddress bound;

    /** With the limits of {@code config} ({@code xmpp.limits}), the upstream domains as internal, the default timeout. */
    public XmppProxy(XmppConfig config, LeafCertificates leaves, UpstreamTls upstreamTls, Gate gate, Clock clock) {
        this(config, config.xmlLimits(), leaves, upstreamTls, gate, clock);
    }

    /** With the configured upstream domains as the internal ones and the default timeout. */
    public XmppProxy(XmppConfig config, XmlLimits limits, LeafCertificates leaves, UpstreamTls upstreamTls,
                     Gate gate, Clock clock) {
        this(config, limits, leaves, upstreamTls, gate, clock, null, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /**
     * @param internalDomains  accepts the lower-case domains that belong to the company; {@code null}
     *                         means the configured upstream domains and their subdomains
     * @param handshakeTimeout how long a client may take from connect to bind
     */
    public XmppProxy(XmppConfig config, XmlLimits limits, LeafCertificates leaves, UpstreamTls upstreamTls,
                     Gate gate, Clock clock, Predicate<String> internalDomains, Duration handshakeTimeout) {
        this.config = Objects.requireNonNull(config, "config");
        this.leaves = Objects.requireNonNull(leaves, "leaves");
        Map<String, HostPort> upstreams = new LinkedHashMap<>();
        config.upstreams().forEach((domain, target) -> upstreams.put(domain.toLowerCase(Locale.ROOT), target));
        Predicate<String> internal = internalDomains != null ? internalDomains
                : domain -> upstreams.keySet().stream().anyMatch(d -> domain.equals(d) || domain.endsWith("." + d));
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "imgate-xmpp-timer");
            t.setDaemon(true);
            return t;
        });
        // Every session schedules a login deadline and cancels it at bind: drop cancelled ones at once.
        timer.setRemoveOnCancelPolicy(true);
        this.scheduler = timer;
        this.services = new SessionServices(upstreams, limits, new XmlParserFactory(), new ServerTls(leaves, upstreams::containsKey),
                upstreamTls, gate, clock, new XmppEventMapper(internal, clock, RecentMessages.defaults()), scheduler,
                handshakeTimeout, DEFAULT_QUEUE_CAPACITY);
        this.sessionPrefix = "x" + Long.toString(clock.millis(), 36) + "-";
    }

    /**
     * Mints the leaves of the configured domains and starts listening.
     *
     * @return the address actually bound (the port is real even when {@code xmpp.listen} asked for 0)
     * @throws IOException when the listen address cannot be bound
     */
    public synchronized InetSocketAddress start() throws IOException {
        if (host != null) {
            throw new IllegalStateException("the XMPP proxy is already started");
        }
        for (String domain : services.upstreams().keySet()) {
            leaves.forDomain(domain);
            services.serverTls().contextFor(domain);
        }
        host = new RelayHost("XMPP", (client, relay) -> new XmppSession(services, relay, client,
                new SessionId(sessionPrefix + sessions.incrementAndGet())), Duration.ofSeconds(10));
        bound = host.bind(new InetSocketAddress(config.listen().host(), config.listen().port()));
        return bound;
    }

    /** The bound address, once started. */
    public synchronized InetSocketAddress address() {
        if (bound == null) {
            throw new IllegalStateException("the XMPP proxy is not started");
        }
        return bound;
    }

    /** Client connections open now. */
    public synchronized int clientCount() {
        return host == null ? 0 : host.clientCount();
    }

    /** Stops listening, ends every session with a {@code system-shutdown} stream error, stops the threads. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (host != null) {
            host.close(Duration.ofSeconds(2));
            host = null;
        }
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
    }
}
