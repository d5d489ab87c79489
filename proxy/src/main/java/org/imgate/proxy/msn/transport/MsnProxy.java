package org.imgate.proxy.msn.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
import org.imgate.proxy.msn.gateway.GatewayRequestParser;
import org.imgate.proxy.msn.gateway.GatewayRouter;
import org.imgate.proxy.msn.gateway.GatewaySessions;
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
 * {@code msn.ns-port-first}..{@code ns-port-last} range when an {@code XFR … NS} first names that server
 * (off the I/O threads, before the rewritten redirect is forwarded), and unbound again once idle for
 * {@code msn.ns-port-grace}. With {@code msn.gateway-listen} set it also serves the MSN HTTP gateway
 * ({@link MsnGateway}). Every connection and every gateway session is a {@link MsnSession}: both
 * directions through the gate, archived before delivered.
 *
 * <p>Thread-safe. {@link #close()} unbinds every listener and ends every session.
 */
public final class MsnProxy implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MsnProxy.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration SWITCHBOARD_TICKET_TTL = Duration.ofMinutes(2);
    private static final int MAX_PENDING_SWITCHBOARDS = 10_000;
    /** One request carries a few commands; a file-transfer chunk is the largest (msnp.md §1). */
    private static final int GATEWAY_MAX_BODY_BYTES = 64 * 1024;
    /** How long a gateway request waits for the server's answer before it is answered without one. */
    private static final Duration GATEWAY_REPLY_WAIT = Duration.ofMillis(500);
    /** Who policy notices come from in a conversation. */
    public static final Peer SYSTEM_IDENTITY = new Peer("compliance@imgate.invalid", "imgate compliance");

    private final MsnConfig config;
    private final Gate gate;
    private final Clock clock;
    private final Predicate<String> isInternal;
    private final AtomicLong sessionCounter = new AtomicLong();
    private final Executor bindExecutor;
    private final List<RelayHost> hosts = new ArrayList<>();
    /** Set by {@link #start()} after the switchboard port is known, read by I/O threads at accept. */
    private volatile MsnServices services;
    private NotificationListeners notificationListeners;
    private ScheduledExecutorService scheduler;
    private MsnGateway gateway;
    private GatewayListener gatewayListener;
    private InetSocketAddress dispatchAddress;
    private InetSocketAddress switchboardAddress;
    private InetSocketAddress gatewayAddress;
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
        this(config, gate, clock, isInternal, null);
    }

    /**
     * @param bindExecutor where notification listeners are bound, or {@code null} for the proxy's own
     *                     timer thread (tests pass one that holds binds back)
     */
    MsnProxy(MsnConfig config, Gate gate, Clock clock, Predicate<String> isInternal, Executor bindExecutor) {
        this.config = Objects.requireNonNull(config, "config");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.isInternal = Objects.requireNonNull(isInternal, "isInternal");
        this.bindExecutor = bindExecutor;
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
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "imgate-msn-timer");
                t.setDaemon(true);
                return t;
            });
            RelayHost switchboardHost = newHost("msn switchboard", null, SessionRole.SWITCHBOARD);
            switchboardAddress = bind(switchboardHost, config.switchboardListen(), "msn.switchboard-listen");
            SwitchboardRoutes routes = new SwitchboardRoutes(clock, SWITCHBOARD_TICKET_TTL, MAX_PENDING_SWITCHBOARDS);
            NsPortAllocator nsPorts = new NsPortAllocator(config.nsPortFirst(), config.nsPortLast());
            RedirectRewriter rewriter = new RedirectRewriter(config.advertiseHost(), nsPorts,
                    switchboardAddress.getPort(), routes);
            notificationListeners = new NotificationListeners(config.listen().host(), this::bindNotification, nsPorts,
                    bindExecutor != null ? bindExecutor : scheduler, clock, config.nsPortGrace());
            long sweepMillis = Math.max(100, Math.min(30_000, config.nsPortGrace().toMillis() / 2));
            NotificationListeners listeners = notificationListeners;
            scheduler.scheduleWithFixedDelay(() -> sweep(listeners), sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
            services = new MsnServices(gate, clock, isInternal, new ClientIdentifier(),
                    new MsnEnforcer(new Notices(SYSTEM_IDENTITY)), new CvrRewriter(config.cvrOverrides()), MsnLimits.DEFAULT, rewriter, routes,
                    new SwitchboardOrigins(MAX_PENDING_SWITCHBOARDS), new ProxiedParticipants(),
                    notificationListeners);
            if (config.gatewayListen() != null) {
                startGateway(routes, nsPorts);
            }
            RelayHost dispatchHost = newHost("msn dispatch", config.upstream(), SessionRole.NOTIFICATION);
            dispatchAddress = bind(dispatchHost, config.listen(), "msn.listen");
            return dispatchAddress;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startGateway(SwitchboardRoutes routes, NsPortAllocator nsPorts) throws IOException {
        GatewaySessions sessions = new GatewaySessions(clock, config.gatewayIdleTimeout(), config.gatewayMaxSessions(),
                new SecureRandom());
        GatewayRouter router = new GatewayRouter(config.advertiseHost(), config.upstream(), nsPorts, routes);
        // Never bound: only its connector is used, for the gateway sessions' upstream legs.
        RelayHost upstreamHost = new RelayHost("msn gateway upstream", (client, relay) -> {
            throw new IllegalStateException("the gateway's relay host accepts no connections");
        }, CONNECT_TIMEOUT);
        hosts.add(upstreamHost);
        long sweep = Math.max(200, Math.min(5_000, config.gatewayIdleTimeout().toMillis() / 4));
        gateway = new MsnGateway(new GatewayRequestParser(GATEWAY_MAX_BODY_BYTES), sessions, router, routes,
                (role, client, upstream) -> new MsnSession(new SessionId("msn-" + sessionCounter.incrementAndGet()),
                        role, services, upstreamHost, client, upstream),
                scheduler, config.gatewayMaxQueuedBytes(), GATEWAY_REPLY_WAIT, Duration.ofMillis(sweep));
        int idleSeconds = (int) Math.max(30, config.gatewayIdleTimeout().toSeconds() * 2);
        gatewayListener = new GatewayListener(gateway, GATEWAY_MAX_BODY_BYTES, idleSeconds);
        HostPort listen = config.gatewayListen();
        try {
            gatewayAddress = gatewayListener.bind(new InetSocketAddress(listen.host(), listen.port()));
        } catch (IOException e) {
            throw new IOException("msn.gateway-listen " + listen + " cannot be bound: " + e.getMessage(), e);
        }
        int port = gatewayAddress.getPort();
        gateway.gatewayIp(port == 80 ? config.advertiseHost() : config.advertiseHost() + ":" + port);
    }

    private static void sweep(NotificationListeners listeners) {
        try {
            listeners.sweep();
        } catch (RuntimeException e) {
            // Keep the periodic task alive: a scheduler drops a task whose run throws.
            LOG.error("MSN notification listener sweep failed: {}", e.toString(), e);
        }
    }

    /** Called on the scheduler thread, never on an I/O thread. */
    private NotificationListeners.Listener bindNotification(InetSocketAddress address, HostPort upstream)
            throws IOException {
        RelayHost nsHost = newHost("msn notification " + upstream, upstream, SessionRole.NOTIFICATION, false);
        try {
            bind(nsHost, new HostPort(address.getHostString(), address.getPort()), "msn notification port");
        } catch (IOException e) {
            nsHost.close();
            throw e;
        }
        return new NotificationListeners.Listener() {
            @Override
            public int connections() {
                return nsHost.clientCount();
            }

            @Override
            public void unbind() {
                try {
                    nsHost.close(Duration.ofMillis(500));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    nsHost.close();
                }
            }
        };
    }

    private RelayHost newHost(String name, HostPort upstream, SessionRole role) {
        return newHost(name, upstream, role, true);
    }

    /** @param owned whether {@link #close()} closes it (notification hosts are closed by their listeners) */
    private RelayHost newHost(String name, HostPort upstream, SessionRole role, boolean owned) {
        RelayHost host = new RelayHost(name, (client, relay) -> {
            MsnServices current = services;
            if (current == null) {
                // MINA closes a connection whose creation fails: nothing can be routed before start() ends.
                throw new IllegalStateException("the MSN proxy is still starting");
            }
            return new MsnSession(new SessionId("msn-" + sessionCounter.incrementAndGet()), role, current, relay,
                    new TcpClientLeg(client), upstream);
        }, CONNECT_TIMEOUT);
        if (owned) {
            synchronized (this) {
                hosts.add(host);
            }
        }
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

    /** The bound gateway address, once started with {@code msn.gateway-listen}, else {@code null}. */
    public synchronized InetSocketAddress gatewayAddress() {
        return gatewayAddress;
    }

    /** The ports on which a notification listener is bound now (or being bound). */
    public synchronized List<Integer> notificationPorts() {
        return notificationListeners == null ? List.of() : notificationListeners.ports();
    }

    /** The bound switchboard address, once started. */
    public synchronized InetSocketAddress switchboardAddress() {
        return switchboardAddress;
    }

    @Override
    public synchronized void close() {
        if (gatewayListener != null) {
            gatewayListener.close();
        }
        if (gateway != null) {
            gateway.close();
        }
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
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        LOG.info("MSN proxy stopped");
    }
}
