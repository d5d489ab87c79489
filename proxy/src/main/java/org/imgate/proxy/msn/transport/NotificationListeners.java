package org.imgate.proxy.msn.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

import org.imgate.core.HostPort;

/**
 * Opens, on first use, the imgate listener that stands for one upstream notification server (the port
 * the {@link org.imgate.proxy.msn.route.NsPortAllocator} gave it). Thread-safe.
 */
final class NotificationListeners {

    /** Binds a listener whose connections are carried to {@code upstream}. */
    @FunctionalInterface
    interface Binder {
        void bind(InetSocketAddress address, HostPort upstream) throws IOException;
    }

    private final String listenHost;
    private final Binder binder;
    private final Map<Integer, HostPort> bound = new HashMap<>();
    private boolean closed;

    NotificationListeners(String listenHost, Binder binder) {
        this.listenHost = listenHost;
        this.binder = binder;
    }

    /** Makes sure a listener on {@code port} carries clients to {@code upstream}. */
    synchronized void ensure(int port, HostPort upstream) throws IOException {
        if (closed) {
            throw new IOException("the MSN proxy is stopping");
        }
        HostPort existing = bound.get(port);
        if (upstream.equals(existing)) {
            return;
        }
        if (existing != null) {
            throw new IOException("port " + port + " already stands for " + existing);
        }
        binder.bind(new InetSocketAddress(listenHost, port), upstream);
        bound.put(port, upstream);
    }

    synchronized void close() {
        closed = true;
    }
}
