package org.imgate.proxy.msn.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.imgate.core.Gate;
import org.imgate.core.HostPort;
import org.imgate.core.SessionId;
import org.imgate.proxy.MsnConfig;
import org.imgate.proxy.msn.codec.MsnLimits;
import org.imgate.proxy.msn.cvr.CvrRewriter;
import org.imgate.proxy.msn.enforce.MsnEnforcer;
import org.imgate.proxy.msn.enforce.Notices;
import org.imgate.proxy.msn.enforce.Peer;
import org.imgate.proxy.msn.identify.ClientIdentifier;
import org.imgate.proxy.msn.mapper.SessionRole;
import org.imgate.proxy.msn.route.NsPortAllocator;
import org.imgate.proxy.msn.route.RedirectRewriter;
import org.imgate.proxy.msn.route.SwitchboardRoutes;
import org.imgate.proxy.relay.RelayHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * imgate's MSNP proxy: the one entry point {@code imgate serve} starts. {@link #start()} binds the
 * dispatch listener ({@code msn.listen}, carried to {@code msn.upstream}) and the switchboard listener
 * ({@code msn.switchboard-listen}); a listener per upstream notification server is bound from the
 * {@code msn.ns-port-first}..{@code ns-port-last} range when an {@code XFR … NS} first names that server.
 * Every connection is a {@link MsnSession}: both directions through the gate, archived before delivered.
 *
 * <p>Thread-safe. {@link #close()} unbinds every listener and ends every session.
 */
public final class MsnProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MsnProxy.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration SWITCHBOARD_TICKET_TTL = Duration.ofMinutes(2);
    private static final int MAX_PENDING_SWITCHBOARDS = 10_000;
    /** Who policy notices come from in a conversation. */
    public static final Peer SYSTEM_IDENTITY = new Peer("compliance@imgate.invalid", "imgate compliance");

    private final MsnConfig config;
    private final Gate gate;
    private final Clock clock;
    private final Predicate<String> isInternal;
    private final AtomicLong sessionCounter = new AtomicLong();
    private final List<RelayHost> hosts = new ArrayList<>();
    /** Set by {@link #start()} after the switchboard port is known, read by I/O threads at accept. */
    private volatile MsnServices services;
    private NotificationListeners notificationListeners;
    private InetSocketAddress dispatchAddress;
    private InetSocketAddress switchboardAddress;
    private boolean started;

    /**
     * With the internal-handle rule of the configuration: a handle is internal when its domain is one
     * of {@code msn.internal-domains}, or always when that list is empty.
     */
    public MsnProxy(MsnConfig config, Gate gate, Clock clock) {
        this(config, gate, clock, internalByDomain(config));
    }

    /** @param isInternal whether a sign-in name belongs to the company (decides a message's direction) */
    public MsnProxy(MsnConfig config, Gate gate, Clock clock, Predicate<String> isInternal) {
        this.config = Objects.requireNonNull(config, "config");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.isInternal = Objects.requireNonNull(isInternal, "isInternal");
    }

    /** The default rule: internal when the domain is configured, or every handle when none is. */
    public static Predicate<String> internalByDomain(MsnConfig config) {
        List<String> domains = config.internalDomains();
        if (domains.isEmpty()) {
            return handle -> true;
        }
        return handle -> {
            int at = handle.lastIndexOf('@');
            return at >= 0 && domains.contains(handle.substring(at + 1).toLowerCase(Locale.ROOT));
        };
    }

    /**
     * Binds the dispatch and switchboard listeners.
     *
     * @return the bound dispatch address (useful with port 0)
     * @throws IOException naming the listener that could not be bound; nothing stays bound then
     */
    public synchronized InetSocketAddress start() throws IOException {
        if (started) {
            throw new IllegalStateException("the MSN proxy is already started");
        }
        started = true;
        try {
            RelayHost switchboardHost = newHost("msn switchboard", null, SessionRole.SWITCHBOARD);
            switchboardAddress = bind(switchboardHost, config.switchboardListen(), "msn.switchboard-listen");
            SwitchboardRoutes routes = new SwitchboardRoutes(clock, SWITCHBOARD_TICKET_TTL, MAX_PENDING_SWITCHBOARDS);
            NsPortAllocator nsPorts = new NsPortAllocator(config.nsPortFirst(), config.nsPortLast());
            RedirectRewriter rewriter = new RedirectRewriter(config.advertiseHost(), nsPorts,
                    switchboardAddress.getPort(), routes);
            notificationListeners = new NotificationListeners(config.listen().host(), this::bindNotification);
            services = new MsnServices(gate, clock, isInternal, new ClientIdentifier(),
                    new MsnEnforcer(new Notices(SYSTEM_IDENTITY)), new CvrRewriter(config.cvrOverrides()), MsnLimits.DEFAULT, rewriter, routes,
                    new SwitchboardOrigins(MAX_PENDING_SWITCHBOARDS), new ProxiedParticipants(),
                    notificationListeners);
            RelayHost dispatchHost = newHost("msn dispatch", config.upstream(), SessionRole.NOTIFICATION);
            dispatchAddress = bind(dispatchHost, config.listen(), "msn.listen");
            return dispatchAddress;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private synchronized void bindNotification(InetSocketAddress address, HostPort upstream) throws IOException {
        RelayHost nsHost = newHost("msn notification " + upstream, upstream, SessionRole.NOTIFICATION);
        bind(nsHost, new HostPort(address.getHostString(), address.getPort()), "msn notification port");
    }

    private RelayHost newHost(String name, HostPort upstream, SessionRole role) {
        RelayHost host = new RelayHost(name, (client, relay) -> {
            MsnServices current = services;
            if (current == null) {
                // MINA closes a connection whose creation fails: nothing can be routed before start() ends.
                throw new IllegalStateException("the MSN proxy is still starting");
            }
            return new MsnSession(new SessionId("msn-" + sessionCounter.incrementAndGet()), role, current, relay,
                    client, upstream);
        }, CONNECT_TIMEOUT);
        hosts.add(host);
        return host;
    }

    private static InetSocketAddress bind(RelayHost host, HostPort address, String key) throws IOException {
        try {
            return host.bind(new InetSocketAddress(address.host(), address.port()));
        } catch (IOException e) {
            throw new IOException(key + " " + address + " cannot be bound: " + e.getMessage(), e);
        }
    }

    /** The bound dispatch address, once started. */
    public synchronized InetSocketAddress dispatchAddress() {
        return dispatchAddress;
    }

    /** The bound switchboard address, once started. */
    public synchronized InetSocketAddress switchboardAddress() {
        return switchboardAddress;
    }

    @Override
    public synchronized void close() {
        if (notificationListeners != null) {
            notificationListeners.close();
        }
        for (RelayHost host : hosts) {
            try {
                host.close(Duration.ofMillis(500));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                host.close();
            }
        }
        hosts.clear();
        LOG.info("MSN proxy stopped");
    }
}
