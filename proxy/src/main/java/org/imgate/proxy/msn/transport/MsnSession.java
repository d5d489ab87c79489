package org.imgate.proxy.msn.transport;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.imgate.core.ClientInfo;
import org.imgate.core.HostPort;
import org.imgate.core.ImEvent;
import org.imgate.core.Network;
import org.imgate.core.SessionId;
import org.imgate.core.Verdict;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.codec.MsnEncoder;
import org.imgate.proxy.msn.codec.MsnFraming;
import org.imgate.proxy.msn.codec.MsnProtocolException;
import org.imgate.proxy.msn.codec.Origin;
import org.imgate.proxy.msn.enforce.EnforcementContext;
import org.imgate.proxy.msn.enforce.Peer;
import org.imgate.proxy.msn.enforce.WireAction;
import org.imgate.proxy.msn.identify.ClientEvidence;
import org.imgate.proxy.msn.mapper.MsnSessionMapper;
import org.imgate.proxy.msn.mapper.SessionRole;
import org.imgate.proxy.msn.message.SlpMessage;
import org.imgate.proxy.msn.route.RedirectResult;
import org.imgate.proxy.msn.route.Route;
import org.imgate.proxy.msn.route.RouteKind;
import org.imgate.proxy.msn.route.SwitchboardRoutes;
import org.imgate.proxy.msn.route.SwitchboardTicket;
import org.imgate.proxy.relay.OrderedDeliveries;
import org.imgate.proxy.relay.Outbox;
import org.imgate.proxy.relay.RelayConnection;
import org.imgate.proxy.relay.RelayHost;
import org.imgate.proxy.relay.SessionLock;
import org.imgate.proxy.relay.Side;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MSNP session through imgate (dispatch, notification or switchboard) and its upstream leg. The client
 * side is a {@link ClientLeg}: a TCP connection, or an HTTP gateway session whose bytes wait for the
 * client's next request; everything else is the same for both.
 * Both directions are decoded, mapped to events, and every event goes through the gate; a command is
 * forwarded only once its verdict (and every earlier one in that direction) is in, and then as the
 * enforcer says. Server redirects are rewritten to imgate. A codec or mapping error ends this
 * connection only, logged with the session id and never with the bytes.
 *
 * <p>Thread-safe: all state is guarded by the session's {@link SessionLock}; MINA operations go through
 * an {@link Outbox} and run after the lock is released, and a completed gate decision never waits for
 * the lock (the holder delivers it on release).
 */
final class MsnSession implements RelayConnection {

    private static final Logger LOG = LoggerFactory.getLogger(MsnSession.class);
    private static final int QUEUE_CAPACITY = 64;

    private final SessionId id;
    private final SessionRole role;
    private final MsnServices services;
    private final RelayHost host;
    private final ClientLeg client;
    private final MsnFraming framing;
    private final Outbox outbox = new Outbox();
    /** Guards the session's state; a completed gate decision never waits for it (see {@link SessionLock}). */
    private final SessionLock lock = new SessionLock(this::deliverReady, outbox);
    private final OrderedDeliveries toServer;
    private final OrderedDeliveries toClient;
    private final List<byte[]> pendingUpstream = new ArrayList<>();
    private final List<MsnCommand> heldUntilLogin = new ArrayList<>();

    private MsnSessionMapper mapper;
    /** Set under the lock; volatile so that the outbox's read-suspension operations can read it outside. */
    private volatile IoSession upstream;
    private boolean loggedIn;
    private boolean ended;
    private String registeredConversation;

    /**
     * @param upstreamTarget where to connect, or {@code null} for a switchboard, whose upstream is known
     *                       only from the ticket of its first command
     */
    MsnSession(SessionId id, SessionRole role, MsnServices services, RelayHost host, ClientLeg client,
               HostPort upstreamTarget) {
        this.id = id;
        this.role = role;
        this.services = services;
        this.host = host;
        this.client = client;
        this.framing = new MsnFraming(services.limits(), 8);
        this.toServer = new OrderedDeliveries(QUEUE_CAPACITY, this::drain,
                () -> outbox.add(client::suspendRead), () -> outbox.add(client::resumeRead));
        this.toClient = new OrderedDeliveries(QUEUE_CAPACITY, this::drain,
                () -> outbox.add(this::suspendUpstream), () -> outbox.add(this::resumeUpstream));
        if (role == SessionRole.NOTIFICATION) {
            mapper = newMapper(ClientEvidence.NONE);
        }
        String remote = client.remoteAddress();
        lock.run(() -> {
            ImEvent opened = new ImEvent.SessionOpened(id, Network.MSN, services.clock().instant(),
                    ClientInfo.unknown(Network.MSN), remote);
            toServer.submit(services.gate().decide(opened), (verdict, failure) -> {
                if (failure != null || verdict instanceof Verdict.Block || verdict instanceof Verdict.EndSession) {
                    LOG.warn("MSN session {} refused at connect: {}", id, failure != null ? "gate failed" : verdict);
                    end("refused at connect");
                }
            });
            if (upstreamTarget != null) {
                connect(upstreamTarget);
            }
        });
    }

    @Override
    public String id() {
        return id.value();
    }

    @Override
    public void received(Side side, byte[] data) {
        lock.run(() -> {
            if (!ended) {
                Origin origin = side == Side.CLIENT ? Origin.CLIENT : Origin.SERVER;
                try {
                    for (MsnCommand command : framing.decode(origin, data)) {
                        if (ended) {
                            break;
                        }
                        handle(origin, command);
                    }
                } catch (MsnProtocolException e) {
                    // The exception text describes the fault (lengths, limits), never the bytes themselves.
                    LOG.warn("MSN session {} ended: bad input from the {}: {}", id, side, e.getMessage());
                    end("protocol error from " + side.name().toLowerCase(Locale.ROOT));
                }
            }
        });
    }

    private void handle(Origin origin, MsnCommand command) throws MsnProtocolException {
        if (mapper == null && !claimSwitchboard(command)) {
            return;
        }
        MsnCommand effective = command;
        if (origin == Origin.SERVER) {
            effective = rewriteRedirect(command);
            if (effective == null) {
                return;
            }
            if ("CVR".equals(effective.verb())) {
                effective = services.cvr().rewrite(mapper.evidence().cvr(), effective);
            }
        }
        List<ImEvent> events = new ArrayList<>(mapper.onCommand(origin, effective));
        SlpMessage offer = mapper.completedSlpOffer().orElse(null);
        registerConversation();
        if (origin == Origin.SERVER) {
            // Decided and archived on the sender's own session already, before it reached the server.
            events.removeIf(e -> e instanceof ImEvent.Message m
                    && services.participants().contains(m.conversationId(), m.sender().handle())
                    || e instanceof ImEvent.FileOffer f
                    && services.participants().contains(f.conversationId(), f.sender().handle()));
        }
        OrderedDeliveries queue = origin == Origin.CLIENT ? toServer : toClient;
        MsnCommand toSend = effective;
        if (events.isEmpty()) {
            queue.submit(() -> carryOut(origin, toSend, Verdict.allow(), offer));
        } else {
            queue.submit(decideAll(events), (verdict, failure) -> {
                if (failure != null) {
                    LOG.error("MSN session {} ended: the gate failed on a {} ({}), nothing delivered",
                            id, toSend.verb(), failure.toString());
                    end("gate failure");
                } else {
                    carryOut(origin, toSend, verdict, offer);
                }
            });
        }
    }

    /** The first client command of a switchboard names its ticket: find the upstream and the session's origin. */
    private boolean claimSwitchboard(MsnCommand first) {
        var ticket = SwitchboardRoutes.ticketOf(first);
        var target = services.switchboards().claim(first);
        if (ticket.isEmpty() || target.isEmpty()) {
            LOG.warn("MSN session {} ended: switchboard {} without a known ticket", id, first.verb());
            end("unknown switchboard ticket");
            return false;
        }
        SwitchboardTicket t = ticket.get();
        SwitchboardOrigins.Origin from = services.origins().take(t.cookie())
                .orElse(new SwitchboardOrigins.Origin(8, ClientEvidence.NONE));
        framing.decoder(Origin.CLIENT).protocolVersion(from.protocolVersion());
        framing.decoder(Origin.SERVER).protocolVersion(from.protocolVersion());
        mapper = newMapper(from.evidence());
        connect(target.get());
        return true;
    }

    /** The command to forward in place of a server redirect, or {@code null} when the session was refused. */
    private MsnCommand rewriteRedirect(MsnCommand command) {
        RedirectResult result = services.rewriter().rewrite(command);
        if (result instanceof RedirectResult.Unroutable u) {
            LOG.warn("MSN session {} ended: {} cannot be routed through imgate: {}", id, command.verb(), u.reason());
            end("unroutable redirect");
            return null;
        }
        if (!(result instanceof RedirectResult.Redirected r)) {
            return command;
        }
        if (r.route().kind() == RouteKind.NOTIFICATION) {
            holdForNotificationListener(r.route());
        } else {
            String cookie = r.command().arg(3);
            if (cookie != null) {
                services.origins().put(cookie, new SwitchboardOrigins.Origin(framing.protocolVersion(),
                        mapper.evidence()));
            }
        }
        return r.command();
    }

    /**
     * A rewritten {@code XFR … NS} must not reach the client before imgate listens on the port it names.
     * The bind runs on the listeners' executor, never on this I/O thread; the redirect waits in the
     * queue towards the client behind it (and everything after the redirect waits behind that), so
     * order is kept. A failed bind refuses the redirect: forwarding the real address would let the
     * client bypass imgate.
     */
    private void holdForNotificationListener(Route route) {
        int port = route.advertised().port();
        toClient.submit(services.notificationListener().ensure(port, route.upstream()), (v, failure) -> {
            if (failure != null) {
                LOG.warn("MSN session {} ended: the redirect to notification server {} was refused: no imgate "
                        + "listener on port {}: {}", id, route.upstream(), port, failure.getMessage());
                end("notification listener unavailable");
            }
        });
    }

    private void registerConversation() {
        if (role != SessionRole.SWITCHBOARD || registeredConversation != null || mapper.handle() == null) {
            return;
        }
        String conversation = mapper.conversationId();
        if (!conversation.equals("msn-sb:" + id.value())) {
            registeredConversation = conversation;
            services.participants().add(conversation, mapper.handle());
        }
    }

    private CompletableFuture<Verdict> decideAll(List<ImEvent> events) {
        List<CompletableFuture<Verdict>> decisions = events.stream().map(services.gate()::decide).toList();
        return CompletableFuture.allOf(decisions.toArray(CompletableFuture[]::new))
                .thenApply(done -> decisions.stream().map(CompletableFuture::join)
                        .reduce(Verdict.allow(), MsnSession::stricter));
    }

    private static Verdict stricter(Verdict a, Verdict b) {
        return severity(b) > severity(a) ? b : a;
    }

    private static int severity(Verdict v) {
        if (v instanceof Verdict.EndSession) {
            return 5;
        }
        if (v instanceof Verdict.Block) {
            return 4;
        }
        if (v instanceof Verdict.Redact) {
            return 3;
        }
        if (v instanceof Verdict.Notify) {
            return 2;
        }
        return v instanceof Verdict.Flag ? 1 : 0;
    }

    private void carryOut(Origin origin, MsnCommand command, Verdict verdict, SlpMessage offer) {
        List<WireAction> actions = services.enforcer().enforce(origin, command, verdict, context(), offer);
        for (WireAction action : actions) {
            if (ended) {
                return;
            }
            carryOut(origin, command, action);
        }
    }

    private void carryOut(Origin origin, MsnCommand command, WireAction action) {
        if (action instanceof WireAction.Forward f) {
            if (origin == Origin.CLIENT) {
                writeUpstream(MsnEncoder.encode(f.command()));
            } else {
                writeClient(f.command());
                noteLogin(f.command());
            }
        } else if (action instanceof WireAction.Drop) {
            LOG.debug("MSN session {}: {} {} withheld", id, origin, command.verb());
        } else if (action instanceof WireAction.SendToClient s) {
            writeClient(s.command());
        } else if (action instanceof WireAction.SendToClientAfterLogin s) {
            if (loggedIn) {
                writeClient(s.command());
            } else {
                heldUntilLogin.add(s.command());
            }
        } else if (action instanceof WireAction.SendToServer s) {
            writeUpstream(MsnEncoder.encode(s.command()));
        } else if (action instanceof WireAction.CloseSession c) {
            if (c.lastCommand() != null) {
                writeClient(c.lastCommand());
            }
            end("ended by policy");
        }
    }

    private void noteLogin(MsnCommand fromServer) {
        if (loggedIn) {
            return;
        }
        boolean ok = "OK".equals(fromServer.arg(0)) && ("USR".equals(fromServer.verb()) || "ANS".equals(fromServer.verb()))
                || role == SessionRole.SWITCHBOARD && "IRO".equals(fromServer.verb());
        if (ok) {
            loggedIn = true;
            heldUntilLogin.forEach(this::writeClient);
            heldUntilLogin.clear();
        }
    }

    private EnforcementContext context() {
        Peer counterpart = null;
        if (role == SessionRole.SWITCHBOARD && mapper.participants().size() == 1) {
            String other = mapper.participants().get(0);
            counterpart = new Peer(other, other);
        }
        return new EnforcementContext(role, framing.protocolVersion(), loggedIn, mapper.handle(), counterpart);
    }

    private MsnSessionMapper newMapper(ClientEvidence evidence) {
        return new MsnSessionMapper(id, role, services.clock(), services.isInternal(), services.identifier(),
                evidence);
    }

    private void connect(HostPort target) {
        host.connect(new InetSocketAddress(target.host(), target.port()), this, client.relaySession());
    }

    private void writeClient(MsnCommand command) {
        byte[] bytes = MsnEncoder.encode(command);
        outbox.add(() -> client.write(bytes));
    }

    private void writeUpstream(byte[] bytes) {
        if (upstream == null) {
            pendingUpstream.add(bytes);
        } else {
            IoSession target = upstream;
            outbox.add(() -> target.write(IoBuffer.wrap(bytes)));
        }
    }

    /** A decision completed (on one of the journal's threads, usually): deliver what is ready, without waiting for the lock. */
    private void drain() {
        lock.deliverSoon();
    }

    /** Under the session lock: delivers, in order, whatever is ready in both directions. */
    private void deliverReady() {
        toServer.deliverReady();
        toClient.deliverReady();
    }

    private void suspendUpstream() {
        IoSession target = upstream;
        if (target != null) {
            target.suspendRead();
        }
    }

    private void resumeUpstream() {
        IoSession target = upstream;
        if (target != null) {
            target.resumeRead();
        }
    }

    @Override
    public void upstreamConnected(IoSession session) {
        lock.run(() -> {
            upstream = session;
            if (ended) {
                outbox.add(session::closeNow);
            } else {
                List<byte[]> waiting = List.copyOf(pendingUpstream);
                pendingUpstream.clear();
                waiting.forEach(this::writeUpstream);
            }
        });
    }

    @Override
    public void upstreamConnectFailed(Throwable cause) {
        lock.run(() -> {
            LOG.warn("MSN session {} ended: upstream unreachable: {}", id, cause == null ? "timeout" : cause.toString());
            end("upstream unreachable");
        });
    }

    @Override
    public void secured(Side side) {
        // MSNP runs in the clear; Passport's HTTPS login goes around imgate.
    }

    @Override
    public void failed(Side side, Throwable cause) {
        LOG.info("MSN session {}: {} connection failed: {}", id, side, cause.toString());
    }

    @Override
    public void closed(Side side) {
        lock.run(() -> {
            if (!ended) {
                // What is already waiting for its verdict still goes out before the other leg is closed.
                OrderedDeliveries queue = side == Side.CLIENT ? toServer : toClient;
                queue.submit(() -> end(side == Side.CLIENT ? "client closed" : "upstream closed"));
            }
        });
    }

    /** The client side went away without a TCP close (a gateway client stopped polling): end the session. */
    void clientGone(String reason) {
        lock.run(() -> {
            if (!ended) {
                LOG.info("MSN session {}: {}", id, reason);
                end(reason);
            }
        });
    }

    @Override
    public void shuttingDown() {
        lock.run(() -> {
            end("imgate stopping");
        });
    }

    /** Ends both legs once (caller holds the lock) and reports the session closed through the gate. */
    private void end(String reason) {
        if (ended) {
            return;
        }
        ended = true;
        toServer.close();
        toClient.close();
        heldUntilLogin.clear();
        if (registeredConversation != null) {
            services.participants().remove(registeredConversation, mapper.handle());
        }
        outbox.add(client::close);
        if (upstream != null) {
            IoSession target = upstream;
            outbox.add(() -> target.closeOnFlush());
        }
        String handle = mapper != null ? mapper.handle() : null;
        services.gate().decide(new ImEvent.SessionClosed(id, Network.MSN, services.clock().instant(), handle, reason))
                .whenComplete((v, e) -> {
                    if (e != null) {
                        LOG.error("MSN session {}: its close could not be archived: {}", id, e.toString());
                    }
                });
        LOG.info("MSN session {} closed: {}", id, reason);
    }
}
