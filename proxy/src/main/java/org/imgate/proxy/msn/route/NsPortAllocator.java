package org.imgate.proxy.msn.route;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

import org.imgate.core.HostPort;

/**
 * Gives each upstream notification server its own imgate port from a configured range: the
 * first command a client sends to a notification server ({@code VER}) names no server, so the port it
 * connects to is the only thing that can tell imgate where to carry the connection (see
 * docs/adr/0004-msn-redirect-routing.md). Ports are handed out in order and keep their server until the
 * transport {@link #release releases} one whose listener sat idle (docs/adr/0009-msn-http-gateway.md), so
 * a client that caches its last notification server (MSN ≤ 6.2 does, msnp.md §1) still lands on the
 * right one while it is in use. A released port is reused only after every never-used one, and then the
 * longest-released first, so a port changes meaning as late as possible.
 *
 * <p>Thread-safe: one instance is shared by every session of the MSN transport.
 */
public final class NsPortAllocator {

    private final int firstPort;
    private final int lastPort;
    private final Map<HostPort, Integer> portByUpstream = new HashMap<>();
    private final Map<Integer, HostPort> upstreamByPort = new HashMap<>();
    private final Deque<Integer> released = new ArrayDeque<>();
    private int nextPort;

    /**
     * @param firstPort the first port of the range, inclusive
     * @param lastPort  the last port of the range, inclusive
     * @throws IllegalArgumentException if the range is empty or outside 1–65535
     */
    public NsPortAllocator(int firstPort, int lastPort) {
        if (firstPort < 1 || lastPort > 65535 || firstPort > lastPort) {
            throw new IllegalArgumentException("notification port range " + firstPort + "-" + lastPort
                    + " must be non-empty and inside 1-65535");
        }
        this.firstPort = firstPort;
        this.lastPort = lastPort;
        this.nextPort = firstPort;
    }

    /**
     * The imgate port that stands for {@code upstream}, allocating the next free one on first use.
     *
     * @return the port, or empty when every port of the range already stands for another server
     */
    public synchronized OptionalInt portFor(HostPort upstream) {
        Objects.requireNonNull(upstream, "upstream");
        Integer known = portByUpstream.get(upstream);
        if (known != null) {
            return OptionalInt.of(known);
        }
        int port;
        if (nextPort <= lastPort) {
            port = nextPort++;
        } else if (!released.isEmpty()) {
            port = released.pollFirst();
        } else {
            return OptionalInt.empty();
        }
        portByUpstream.put(upstream, port);
        upstreamByPort.put(port, upstream);
        return OptionalInt.of(port);
    }

    /**
     * Makes {@code port} stand for {@code upstream} again, when it was released since it was handed out
     * and nothing else took it.
     *
     * @return whether {@code port} now stands for {@code upstream}
     */
    public synchronized boolean reserve(int port, HostPort upstream) {
        Objects.requireNonNull(upstream, "upstream");
        HostPort current = upstreamByPort.get(port);
        if (current != null) {
            return current.equals(upstream);
        }
        if (portByUpstream.containsKey(upstream) || !released.remove(port)) {
            return false;
        }
        portByUpstream.put(upstream, port);
        upstreamByPort.put(port, upstream);
        return true;
    }

    /** Frees {@code port}: its server gets a new port at its next redirect. Unknown ports are ignored. */
    public synchronized void release(int port) {
        HostPort upstream = upstreamByPort.remove(port);
        if (upstream != null) {
            portByUpstream.remove(upstream);
            released.addLast(port);
        }
    }

    /** The upstream notification server a connection on {@code port} must be carried to, if one was allocated. */
    public synchronized Optional<HostPort> upstreamFor(int port) {
        return Optional.ofNullable(upstreamByPort.get(port));
    }

    /** Whether {@code port} is inside the configured range (the transport listens on those). */
    public boolean inRange(int port) {
        return port >= firstPort && port <= lastPort;
    }

    public int firstPort() {
        return firstPort;
    }

    public int lastPort() {
        return lastPort;
    }

    /** How many ports are allocated. */
    public synchronized int allocated() {
        return portByUpstream.size();
    }
}
