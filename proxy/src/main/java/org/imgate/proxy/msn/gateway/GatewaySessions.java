package org.imgate.proxy.msn.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

import org.imgate.core.HostPort;

/**
 * The gateway sessions imgate serves: the session ids it issues to clients, each mapped to the upstream
 * server imgate reaches over TCP for it. The gateway protocol allows one request per session at a time;
 * a second one while the first is served is refused (HTTP 400, msnp.md §1 "HTTP gateway"). Idle sessions
 * expire (clients poll every few seconds), and the table holds at most {@code maxSessions}. imgate keeps
 * a session's id for its whole life: clients always send the id of the latest reply, and an unchanged one
 * is as valid as the fresh ids Microsoft's gateway handed out (the Escargot transcript keeps its id too).
 *
 * <p>Session ids are 128 random bits from the injected generator (production: a
 * {@link java.security.SecureRandom}), since a guessed id would let anyone read a user's traffic; they are
 * never logged. Thread-safe: one instance is shared by every gateway request.
 */
public final class GatewaySessions {

    /** What {@link #begin(String)} found. */
    public sealed interface Begin {
        /** The request may be served; the session is now marked in flight. */
        record Begun(GatewaySession session) implements Begin {
        }

        /** No such session (never issued, closed or expired): answer 400 so the client signs in again. */
        record Unknown() implements Begin {
        }

        /** Another request of the session is being served: answer 400. */
        record Busy() implements Begin {
        }
    }

    private final Clock clock;
    private final Duration idleTimeout;
    private final int maxSessions;
    private final RandomGenerator random;
    private final Map<String, GatewaySession> sessions = new LinkedHashMap<>();

    public GatewaySessions(Clock clock, Duration idleTimeout, int maxSessions, RandomGenerator random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("gateway idle timeout must be positive");
        }
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1, was " + maxSessions);
        }
        this.maxSessions = maxSessions;
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Opens a session for a client's {@code Action=open}; the open request itself is in flight.
     *
     * @return the new session, or empty when the table is full (answer 503; {@link #expire()} frees idle ones)
     */
    public synchronized Optional<GatewaySession> open(GatewayServer server, HostPort upstream) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(upstream, "upstream");
        if (sessions.size() >= maxSessions) {
            return Optional.empty();
        }
        String id;
        do {
            id = newId();
        } while (sessions.containsKey(id));
        GatewaySession session = new GatewaySession(id, server, upstream, clock.instant(), true);
        sessions.put(id, session);
        return Optional.of(session);
    }

    /** Starts serving a send or poll for session {@code id}. */
    public synchronized Begin begin(String id) {
        GatewaySession session = sessions.get(Objects.requireNonNull(id, "id"));
        if (session == null || isIdle(session, clock.instant())) {
            return new Begin.Unknown();
        }
        if (session.inFlight()) {
            return new Begin.Busy();
        }
        GatewaySession busy = session.with(session.lastActive(), true);
        sessions.put(id, busy);
        return new Begin.Begun(busy);
    }

    /**
     * Finishes the request in flight for session {@code id}: the session is idle again from now on and
     * takes its client's next request.
     *
     * @return the session as it now stands, or empty when it was closed (or is unknown)
     */
    public synchronized Optional<GatewaySession> finish(String id) {
        GatewaySession session = sessions.get(Objects.requireNonNull(id, "id"));
        if (session == null) {
            return Optional.empty();
        }
        GatewaySession done = session.with(clock.instant(), false);
        sessions.put(id, done);
        return Optional.of(done);
    }

    /** Ends session {@code id} (the client signed out or the upstream connection closed). */
    public synchronized Optional<GatewaySession> close(String id) {
        return Optional.ofNullable(sessions.remove(Objects.requireNonNull(id, "id")));
    }

    /**
     * Removes and returns the sessions idle for longer than the timeout, so the transport can close their
     * upstream connections. A request stuck in flight that long expires too.
     */
    public synchronized List<GatewaySession> expire() {
        Instant now = clock.instant();
        List<GatewaySession> out = new ArrayList<>();
        for (Iterator<GatewaySession> it = sessions.values().iterator(); it.hasNext(); ) {
            GatewaySession session = it.next();
            if (isIdle(session, now)) {
                out.add(session);
                it.remove();
            }
        }
        return out;
    }

    public synchronized int size() {
        return sessions.size();
    }

    private boolean isIdle(GatewaySession session, Instant now) {
        return !session.lastActive().plus(idleTimeout).isAfter(now);
    }

    private String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
