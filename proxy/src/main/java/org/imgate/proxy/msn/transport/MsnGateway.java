package org.imgate.proxy.msn.transport;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.imgate.core.HostPort;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.codec.MsnDecoder;
import org.imgate.proxy.msn.codec.MsnLimits;
import org.imgate.proxy.msn.codec.MsnProtocolException;
import org.imgate.proxy.msn.codec.Origin;
import org.imgate.proxy.msn.gateway.GatewayCall;
import org.imgate.proxy.msn.gateway.GatewayRequest;
import org.imgate.proxy.msn.gateway.GatewayRequestException;
import org.imgate.proxy.msn.gateway.GatewayRequestParser;
import org.imgate.proxy.msn.gateway.GatewayResponse;
import org.imgate.proxy.msn.gateway.GatewayRouter;
import org.imgate.proxy.msn.gateway.GatewayServer;
import org.imgate.proxy.msn.gateway.GatewaySession;
import org.imgate.proxy.msn.gateway.GatewaySessions;
import org.imgate.proxy.msn.gateway.HttpResponseWriter;
import org.imgate.proxy.msn.gateway.MessengerHeader;
import org.imgate.proxy.msn.mapper.SessionRole;
import org.imgate.proxy.msn.route.SwitchboardRoutes;
import org.imgate.proxy.relay.Side;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * imgate as an MSN HTTP gateway (msnp.md §1 "HTTP gateway"; docs/adr/0009-msn-http-gateway.md): each
 * gateway session is an {@link MsnSession} like a TCP one (same codec, mapper, gate, enforcement and
 * redirect rewriting, upstream over TCP), whose client side is a {@link GatewayClientLeg}. A request's
 * MSNP body goes to the session as client input; its reply carries what the session queued for the
 * client, sent as soon as something is queued (after a short linger that lets a burst of replies travel
 * together) or after {@code replyWait} with whatever there is.
 *
 * <p>Session ids come from {@link GatewaySessions} (128 random bits) and are never logged. Unknown,
 * expired or busy ids get 400. Idle sessions expire: their MSN session ends as a client close would
 * (archived as {@code SessionClosed}).
 *
 * <p>Thread-safe: requests arrive on the listener's I/O threads, replies and expiry run on the scheduler.
 */
final class MsnGateway implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MsnGateway.class);
    private static final Duration LINGER = Duration.ofMillis(15);

    /** Starts the MSN session of a new gateway session. */
    @FunctionalInterface
    interface SessionFactory {
        /** @param upstream where to connect, or {@code null} for a switchboard (its first command names it) */
        MsnSession open(SessionRole role, ClientLeg client, HostPort upstream);
    }

    private record Channel(GatewayClientLeg leg, MsnSession session) {
    }

    private final GatewayRequestParser parser;
    private final GatewaySessions sessions;
    private final GatewayRouter router;
    private final SwitchboardRoutes switchboards;
    private final SessionFactory factory;
    private final ScheduledExecutorService scheduler;
    private final int maxQueuedBytes;
    private final Duration replyWait;
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private volatile String gatewayIp;

    MsnGateway(GatewayRequestParser parser, GatewaySessions sessions, GatewayRouter router,
               SwitchboardRoutes switchboards, SessionFactory factory, ScheduledExecutorService scheduler,
               int maxQueuedBytes, Duration replyWait, Duration expirySweep) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.router = Objects.requireNonNull(router, "router");
        this.switchboards = Objects.requireNonNull(switchboards, "switchboards");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.maxQueuedBytes = maxQueuedBytes;
        this.replyWait = Objects.requireNonNull(replyWait, "replyWait");
        scheduler.scheduleWithFixedDelay(this::expire, expirySweep.toMillis(), expirySweep.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The GW-IP every reply names (imgate's advertised host, with the gateway port unless it is 80). */
    void gatewayIp(String value) {
        gatewayIp = Objects.requireNonNull(value, "value");
    }

    /** Serves one request; {@code respond} gets its response exactly once, possibly on another thread. */
    void serve(GatewayRequest request, String remoteAddress, Consumer<GatewayResponse> respond) {
        GatewayCall call;
        try {
            call = parser.parse(request);
        } catch (GatewayRequestException e) {
            LOG.info("MSN gateway request from {} refused ({}): {}", remoteAddress, e.status(), e.getMessage());
            respond.accept(HttpResponseWriter.error(e.status(), e.getMessage()));
            return;
        }
        if (call instanceof GatewayCall.Open open) {
            open(open, remoteAddress, respond);
        } else if (call instanceof GatewayCall.Send send) {
            exchange(send.sessionId(), send.msnp(), respond);
        } else {
            exchange(((GatewayCall.Poll) call).sessionId(), new byte[0], respond);
        }
    }

    private void open(GatewayCall.Open open, String remoteAddress, Consumer<GatewayResponse> respond) {
        byte[] body = open.msnp();
        MsnCommand first;
        try {
            List<MsnCommand> commands = new MsnDecoder(Origin.CLIENT, MsnLimits.DEFAULT, 8).decode(body);
            first = commands.isEmpty() ? null : commands.get(0);
        } catch (MsnProtocolException e) {
            respond.accept(HttpResponseWriter.error(400, "the open request's body is not MSNP: " + e.getMessage()));
            return;
        }
        SessionRole role;
        HostPort upstream;
        if (open.server() == GatewayServer.SB) {
            Optional<HostPort> switchboard = first == null ? Optional.empty() : switchboards.peek(first);
            if (switchboard.isEmpty()) {
                respond.accept(HttpResponseWriter.error(400,
                        "Server=SB needs a USR or ANS with a switchboard ticket imgate issued"));
                return;
            }
            role = SessionRole.SWITCHBOARD;
            upstream = switchboard.get();
        } else {
            role = SessionRole.NOTIFICATION;
            upstream = router.upstreamFor(open, first).orElseThrow();
        }
        Optional<GatewaySession> opened = sessions.open(open.server(), upstream);
        if (opened.isEmpty()) {
            LOG.warn("MSN gateway full: {} sessions open, an open from {} was refused", sessions.size(),
                    remoteAddress);
            respond.accept(HttpResponseWriter.error(503, "the gateway has no room for another session"));
            return;
        }
        String id = opened.get().id();
        GatewayClientLeg leg = new GatewayClientLeg(remoteAddress, maxQueuedBytes, () -> overflowed(id));
        MsnSession session = factory.open(role, leg, role == SessionRole.SWITCHBOARD ? null : upstream);
        Channel channel = new Channel(leg, session);
        channels.put(id, channel);
        LOG.info("MSN gateway session {} opened for {} ({} to {})", session.id(), remoteAddress, open.server(),
                upstream);
        feed(session, body);
        reply(id, channel, respond);
    }

    private void exchange(String id, byte[] body, Consumer<GatewayResponse> respond) {
        GatewaySessions.Begin begin = sessions.begin(id);
        if (begin instanceof GatewaySessions.Begin.Unknown) {
            respond.accept(HttpResponseWriter.error(400, "no such gateway session (unknown, ended or expired)"));
            return;
        }
        if (begin instanceof GatewaySessions.Begin.Busy) {
            respond.accept(HttpResponseWriter.error(400, "another request of this gateway session is in progress"));
            return;
        }
        Channel channel = channels.get(id);
        if (channel == null) {
            sessions.close(id);
            respond.accept(HttpResponseWriter.error(400, "no such gateway session (unknown, ended or expired)"));
            return;
        }
        feed(channel.session, body);
        reply(id, channel, respond);
    }

    private static void feed(MsnSession session, byte[] body) {
        if (body.length == 0) {
            return;
        }
        MDC.put("session", session.id());
        try {
            session.received(Side.CLIENT, body);
        } finally {
            MDC.remove("session");
        }
    }

    /** Runs {@code task} on the scheduler, or here when the scheduler is stopping (imgate is closing). */
    private void schedule(Runnable task, Duration delay) {
        try {
            scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    /** Answers with what the session queued, as soon as there is something or when the wait is over. */
    private void reply(String id, Channel channel, Consumer<GatewayResponse> respond) {
        AtomicBoolean done = new AtomicBoolean();
        Runnable finish = () -> {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            channel.leg.release();
            GatewayClientLeg.Collected collected = channel.leg.collect();
            boolean closed = collected.closed() || sessions.finish(id).isEmpty();
            if (closed) {
                sessions.close(id);
                channels.remove(id);
            }
            respond.accept(GatewayResponse.of(new MessengerHeader(id, gatewayIp, closed), collected.msnp()));
        };
        ScheduledFuture<?> timeout;
        try {
            timeout = scheduler.schedule(finish, replyWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            finish.run();
            return;
        }
        channel.leg.whenReady(() -> {
            timeout.cancel(false);
            schedule(finish, LINGER);
        });
    }

    private void overflowed(String id) {
        Channel channel = channels.get(id);
        if (channel != null) {
            channel.session.clientGone("gateway client stopped collecting: more than " + maxQueuedBytes
                    + " bytes waiting for it");
        }
    }

    private void expire() {
        try {
            for (GatewaySession expired : sessions.expire()) {
                Channel channel = channels.remove(expired.id());
                if (channel != null) {
                    channel.session.clientGone("gateway client stopped polling");
                }
            }
        } catch (RuntimeException e) {
            // A failure here must not cancel the periodic task (the scheduler would never run it again).
            LOG.error("MSN gateway session expiry failed: {}", e.toString(), e);
        }
    }

    /** How many gateway sessions are open. */
    int size() {
        return sessions.size();
    }

    /** Ends every gateway session (imgate is stopping). The scheduler belongs to the caller. */
    @Override
    public void close() {
        for (var it = channels.values().iterator(); it.hasNext(); ) {
            Channel channel = it.next();
            it.remove();
            channel.session.shuttingDown();
        }
    }
}
