package org.imgate.proxy.msn.route;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.imgate.core.HostPort;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pending switchboard connections, keyed by the ticket the client will present: every {@code XFR … SB}
 * and {@code RNG} that imgate rewrote leaves the upstream switchboard here, and the client's first
 * switchboard command ({@code USR trid handle cookie} or {@code ANS trid handle cookie sessionId},
 * msnp.md §1 "Switchboard") claims it. All switchboard connections can thus share one imgate port.
 *
 * <p>A route is used once (a cookie admits one connection), expires after {@code timeToLive} (clients
 * connect within seconds), and the table holds at most {@code maxRoutes}: when full, the oldest route
 * gives way, so a client that floods {@code XFR … SB} cannot grow memory. Cookies are credentials and are
 * never logged.
 *
 * <p>Thread-safe: one instance is shared by every MSN session.
 */
public final class SwitchboardRoutes {

    private record Pending(HostPort upstream, Instant expires) {
    }

    private final Logger log;
    private final Clock clock;
    private final Duration timeToLive;
    private final int maxRoutes;
    private final Map<SwitchboardTicket, Pending> pending = new LinkedHashMap<>();
    private long evicted;

    public SwitchboardRoutes(Clock clock, Duration timeToLive, int maxRoutes) {
        this(clock, timeToLive, maxRoutes, LoggerFactory.getLogger(SwitchboardRoutes.class));
    }

    /** With the logger given, so tests can read what is logged (and that no cookie is). */
    SwitchboardRoutes(Clock clock, Duration timeToLive, int maxRoutes, Logger log) {
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.timeToLive = Objects.requireNonNull(timeToLive, "timeToLive");
        if (timeToLive.isNegative() || timeToLive.isZero()) {
            throw new IllegalArgumentException("switchboard route time to live must be positive");
        }
        if (maxRoutes < 1) {
            throw new IllegalArgumentException("maxRoutes must be at least 1, was " + maxRoutes);
        }
        this.maxRoutes = maxRoutes;
    }

    /** Remembers that a client presenting {@code ticket} must be carried to {@code upstream}. */
    public synchronized void register(SwitchboardTicket ticket, HostPort upstream) {
        Objects.requireNonNull(ticket, "ticket");
        Objects.requireNonNull(upstream, "upstream");
        Instant now = clock.instant();
        purgeExpired(now);
        pending.remove(ticket);
        while (pending.size() >= maxRoutes) {
            Iterator<SwitchboardTicket> oldest = pending.keySet().iterator();
            oldest.next();
            oldest.remove();
            evicted++;
            log.warn("switchboard route table full ({} routes): the oldest pending route was dropped ({} so far)",
                    maxRoutes, evicted);
        }
        pending.put(ticket, new Pending(upstream, now.plus(timeToLive)));
    }

    /** Takes the route for {@code ticket}: empty when unknown, already used or expired. */
    public synchronized Optional<HostPort> claim(SwitchboardTicket ticket) {
        Objects.requireNonNull(ticket, "ticket");
        Instant now = clock.instant();
        purgeExpired(now);
        Pending route = pending.remove(ticket);
        return route == null ? Optional.empty() : Optional.of(route.upstream());
    }

    /**
     * The ticket a client's first switchboard command presents: {@code USR trid handle cookie …} after
     * {@code XFR … SB}, {@code ANS trid handle cookie sessionId} after {@code RNG}.
     *
     * @return empty when the command is neither, or lacks the cookie
     */
    public static Optional<SwitchboardTicket> ticketOf(MsnCommand firstCommand) {
        String verb = firstCommand.verb();
        String cookie = firstCommand.arg(1);
        if (cookie == null || cookie.isBlank()) {
            return Optional.empty();
        }
        if ("USR".equals(verb)) {
            return Optional.of(new SwitchboardTicket(cookie, null));
        }
        String sessionId = firstCommand.arg(2);
        if ("ANS".equals(verb) && sessionId != null && !sessionId.isBlank()) {
            return Optional.of(new SwitchboardTicket(cookie, sessionId));
        }
        return Optional.empty();
    }

    /** Claims the route for a client's first switchboard command; see {@link #ticketOf(MsnCommand)}. */
    public Optional<HostPort> claim(MsnCommand firstCommand) {
        return ticketOf(firstCommand).flatMap(this::claim);
    }

    /**
     * The upstream a client's first switchboard command would be carried to, without claiming the route
     * (the gateway checks a switchboard open before it starts the session that claims it).
     */
    public synchronized Optional<HostPort> peek(MsnCommand firstCommand) {
        Optional<SwitchboardTicket> ticket = ticketOf(firstCommand);
        if (ticket.isEmpty()) {
            return Optional.empty();
        }
        purgeExpired(clock.instant());
        Pending route = pending.get(ticket.get());
        return route == null ? Optional.empty() : Optional.of(route.upstream());
    }

    /** How many routes are pending (expired ones not yet purged included). */
    public synchronized int size() {
        return pending.size();
    }

    /** How many routes were dropped because the table was full. */
    public synchronized long evicted() {
        return evicted;
    }

    private void purgeExpired(Instant now) {
        pending.values().removeIf(p -> !p.expires().isAfter(now));
    }
}
