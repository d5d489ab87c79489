package org.imgate.proxy.msn.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import org.imgate.core.HostPort;
import org.imgate.proxy.msn.route.NsPortAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The imgate listeners that stand for upstream notification servers, one per port the
 * {@link NsPortAllocator} gave out (docs/adr/0009-msn-http-gateway.md, "Notification listeners").
 *
 * <ul>
 * <li>A listener is bound on first use, on the injected executor: binding is a system call that must not
 *     run on the MINA I/O thread that read the {@code XFR}. The caller holds the rewritten redirect until
 *     the returned future completes.</li>
 * <li>A listener is unbound, and its port given back to the allocator, once it has had no connection
 *     and no redirect has pointed at it for {@code grace}: {@link #sweep()} checks, and the proxy runs it
 *     periodically. Without this, every notification server ever seen would hold a port (and two I/O
 *     threads) until imgate stops, and a long-running imgate would exhaust the range.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
final class NotificationListeners implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationListeners.class);

    /** A bound notification listener, as far as this class needs to know it. */
    interface Listener {
        /** How many client connections are open on it now. */
        int connections();

        /** Stops accepting and ends its connections (they are idle when the sweep calls this). */
        void unbind();
    }

    /** Binds a listener whose connections are carried to {@code upstream}. Called on the bind executor. */
    @FunctionalInterface
    interface Binder {
        Listener bind(InetSocketAddress address, HostPort upstream) throws IOException;
    }

    private static final class Entry {
        final HostPort upstream;
        final CompletableFuture<Listener> bound;
        Instant lastRedirect;

        Entry(HostPort upstream, CompletableFuture<Listener> bound, Instant lastRedirect) {
            this.upstream = upstream;
            this.bound = bound;
            this.lastRedirect = lastRedirect;
        }
    }

    private final String listenHost;
    private final Binder binder;
    private final NsPortAllocator ports;
    private final Executor bindExecutor;
    private final Clock clock;
    private final Duration grace;
    private final Map<Integer, Entry> byPort = new HashMap<>();
    private boolean closed;

    /**
     * @param grace how long a listener stays bound after its last connection ended and the last redirect
     *              pointing at it was sent
     */
    NotificationListeners(String listenHost, Binder binder, NsPortAllocator ports, Executor bindExecutor,
                          Clock clock, Duration grace) {
        this.listenHost = Objects.requireNonNull(listenHost, "listenHost");
        this.binder = Objects.requireNonNull(binder, "binder");
        this.ports = Objects.requireNonNull(ports, "ports");
        this.bindExecutor = Objects.requireNonNull(bindExecutor, "bindExecutor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.grace = Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("notification port grace must not be negative");
        }
    }

    /**
     * Makes sure a listener on {@code port} carries clients to {@code upstream}, and notes that a redirect
     * now points at it. Returns at once.
     *
     * @return completes when the listener is bound; fails with an {@link IOException} naming the port
     *         when it cannot be
     */
    CompletableFuture<Void> ensure(int port, HostPort upstream) {
        Objects.requireNonNull(upstream, "upstream");
        CompletableFuture<Listener> binding;
        synchronized (this) {
            if (closed) {
                return CompletableFuture.failedFuture(new IOException("the MSN proxy is stopping"));
            }
            Entry existing = byPort.get(port);
            if (existing != null) {
                if (!existing.upstream.equals(upstream)) {
                    return CompletableFuture.failedFuture(new IOException("port " + port + " already stands for "
                            + existing.upstream));
                }
                existing.lastRedirect = clock.instant();
                return existing.bound.thenApply(l -> null);
            }
            if (!ports.reserve(port, upstream)) {
                // The sweep freed the port after the rewriter chose it, and another server took it since.
                return CompletableFuture.failedFuture(new IOException("port " + port
                        + " was given to another notification server"));
            }
            binding = new CompletableFuture<>();
            byPort.put(port, new Entry(upstream, binding, clock.instant()));
        }
        InetSocketAddress address = new InetSocketAddress(listenHost, port);
        bindExecutor.execute(() -> {
            try {
                binding.complete(binder.bind(address, upstream));
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    byPort.remove(port);
                    ports.release(port);
                }
                binding.completeExceptionally(e);
            }
        });
        return binding.handle((l, e) -> {
            if (e != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                throw new CompletionException(cause instanceof IOException ? cause
                        : new IOException("port " + port + " cannot be bound: " + cause, cause));
            }
            return null;
        });
    }

    /**
     * Unbinds every listener without connections whose last redirect is older than the grace period, and
     * gives its port back.
     *
     * @return the ports freed
     */
    List<Integer> sweep() {
        List<Listener> toUnbind = new ArrayList<>();
        List<Integer> freed = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            for (var it = byPort.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                Entry entry = e.getValue();
                Listener listener = entry.bound.getNow(null);
                if (listener == null || listener.connections() > 0 || entry.lastRedirect.plus(grace).isAfter(now)) {
                    continue;
                }
                it.remove();
                ports.release(e.getKey());
                toUnbind.add(listener);
                freed.add(e.getKey());
            }
        }
        toUnbind.forEach(Listener::unbind);
        if (!freed.isEmpty()) {
            LOG.info("MSN notification listeners idle for {}: unbound ports {}", grace, freed);
        }
        return freed;
    }

    /** The ports with a listener bound or being bound. */
    synchronized List<Integer> ports() {
        return byPort.keySet().stream().sorted().toList();
    }

    /** Accepts no more binds and unbinds every listener. */
    @Override
    public void close() {
        List<CompletableFuture<Listener>> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            byPort.values().forEach(e -> all.add(e.bound));
            byPort.clear();
        }
        for (CompletableFuture<Listener> f : all) {
            f.whenComplete((listener, e) -> {
                if (listener != null) {
                    listener.unbind();
                }
            });
        }
    }
}
