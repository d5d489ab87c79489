package org.imgate.proxy.xmpp;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.IoSession;
import org.imgate.core.ClientInfo;
import org.imgate.core.HostPort;
import org.imgate.core.ImEvent;
import org.imgate.core.Network;
import org.imgate.core.SessionId;
import org.imgate.core.Verdict;
import org.imgate.proxy.relay.OrderedDeliveries;
import org.imgate.proxy.relay.Outbox;
import org.imgate.proxy.relay.RelayConnection;
import org.imgate.proxy.relay.RelayHost;
import org.imgate.proxy.relay.SessionLock;
import org.imgate.proxy.relay.Side;
import org.imgate.proxy.relay.StartTls;
import org.imgate.proxy.relay.TlsFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One intercepted client-to-server XMPP session: the client's leg (STARTTLS terminated with the
 * domain's leaf, RFC 6120 §5.4) and the upstream leg (STARTTLS to the real server, TLS 1.3 only so that
 * no channel binding can tell the legs apart, reference/xmpp.md §3.2), joined once both are secured.
 * From then on every top-level element is relayed as its verbatim bytes, except what the proxy must
 * change: stream headers and features (compression, stream management, SASL2/Bind2/FAST stripped), the
 * XEP-0092 reply to the proxy's own query, XEP-0198 requests (refused), and stanzas whose verdicts
 * block, redact or end the session.
 *
 * <p>Archive before deliver: each stanza's events go to the {@link org.imgate.core.Gate}, and the
 * stanza waits in its direction's {@link OrderedDeliveries} until its verdicts (and those of every
 * earlier stanza) are in; a gate failure blocks it (fail closed). Authentication passes through
 * untouched and is never logged; the user is whoever the server's bind result names (RFC 6120 §7).
 *
 * <p>Thread-safe: the two legs' I/O threads, gate completions and the handshake deadline all enter
 * under the session's {@link SessionLock}; nothing inside blocks, MINA operations run after the lock is
 * released, in the order they were queued, and a completed gate decision never waits for the lock (the
 * holder delivers it on release).
 */
final class XmppSession implements RelayConnection {

    private static final Logger LOG = LoggerFactory.getLogger(XmppSession.class);
    private static final byte[] STARTTLS = ("<starttls xmlns='" + XmppNamespaces.TLS + "'/>")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] PROCEED = ("<proceed xmlns='" + XmppNamespaces.TLS + "'/>")
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] STREAM_CLOSE = "</stream:stream>".getBytes(StandardCharsets.UTF_8);

    private enum ClientPhase { HEADER, STARTTLS, SECURED, OPEN, RESTARTING }

    private enum UpstreamPhase { NONE, CONNECTING, FEATURES, PROCEED, HANDSHAKE, SECURED, OPEN }

    private final SessionServices services;
    private final RelayHost host;
    private final IoSession client;
    private final SessionId id;
    private final OrderedDeliveries toServer;
    private final OrderedDeliveries toClient;
    /** The login deadline until bind or the end; then {@code null}, so an idle session holds no task. */
    private ScheduledFuture<?> deadline;

    private final Outbox outbox = new Outbox();
    /** Guards everything below; see {@link SessionLock} for why deliveries never wait for it. */
    private final SessionLock lock = new SessionLock(this::deliverReady, outbox);
    private ClientPhase clientPhase = ClientPhase.HEADER;
    private UpstreamPhase upstreamPhase = UpstreamPhase.NONE;
    private XmppStreamReader clientReader;
    private XmppStreamReader upstreamReader;
    private IoSession upstream;
    private String domain;
    private HostPort upstreamAddress;
    private String upstreamStreamId;
    private XmlElement pendingFeatures;
    private boolean clientStreamOpen;
    private boolean clientHeaderSent;
    private boolean authenticated;
    private Jid user;
    private SoftwareVersionProbe probe;
    private StanzaEnforcer enforcer;
    private boolean ending;
    private boolean clientStreamEnded;
    private boolean clientGone;
    private boolean upstreamCloseSent;
    private boolean closeReported;
    private StreamErrorCondition deferredCondition;
    private String deferredText;
    private int streams;

    XmppSession(SessionServices services, RelayHost host, IoSession client, SessionId id) {
        this.services = services;
        this.host = host;
        this.client = client;
        this.id = id;
        this.clientReader = reader(false);
        this.toServer = new OrderedDeliveries(services.queueCapacity(), this::drain,
                () -> io(client::suspendRead), () -> io(client::resumeRead));
        this.toClient = new OrderedDeliveries(services.queueCapacity(), this::drain,
                this::suspendUpstream, this::resumeUpstream);
        ImEvent opened = new ImEvent.SessionOpened(id, Network.XMPP, services.clock().instant(),
                ClientInfo.unknown(Network.XMPP), String.valueOf(client.getRemoteAddress()));
        this.deadline = services.scheduler().schedule(this::handshakeTimedOut,
                services.handshakeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        // Nothing the client sends is forwarded before its session's opening is on record.
        locked(() -> toServer.submit(services.gate().decide(opened), (verdict, failure) ->
                sessionVerdict(verdict, failure, "session opening")));
        LOG.info("XMPP client connected from {}", client.getRemoteAddress());
    }

    @Override
    public String id() {
        return id.value();
    }

    // ---- events from the relay host

    @Override
    public void received(Side side, byte[] data) {
        locked(() -> onReceived(side, data));
    }

    private void onReceived(Side side, byte[] data) {
        if (ending || (side == Side.UPSTREAM && deferredCondition != null)) {
            return;
        }
        try {
            if (side == Side.CLIENT) {
                fromClient(data);
            } else {
                fromUpstream(data);
            }
        } catch (XmppStreamException e) {
            if (side == Side.CLIENT) {
                LOG.info("client broke the stream: {}: {}", e.condition().elementName(), e.getMessage());
                endSession(e.condition(), e.getMessage(), "client protocol error: " + e.getMessage());
            } else {
                LOG.warn("server for {} broke the stream: {}: {}", domain, e.condition().elementName(),
                        e.getMessage());
                endSession(StreamErrorCondition.REMOTE_CONNECTION_FAILED,
                        "the server sent an invalid stream", "server protocol error: " + e.getMessage());
            }
        }
    }

    @Override
    public void upstreamConnected(IoSession session) {
        locked(() -> onUpstreamConnected(session));
    }

    private void onUpstreamConnected(IoSession session) {
        upstream = session;
        if (ending) {
            io(session::closeNow);
            return;
        }
        LOG.debug("connected to the server for {} at {}", domain, upstreamAddress);
        upstreamPhase = UpstreamPhase.FEATURES;
        upstreamReader = upstreamReader();
        writeUpstream(XmppErrors.streamHeader(null, domain, null).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void upstreamConnectFailed(Throwable cause) {
        locked(() -> onUpstreamConnectFailed(cause));
    }

    private void onUpstreamConnectFailed(Throwable cause) {
        LOG.warn("cannot connect to the server for {} at {}: {}", domain, upstreamAddress, describe(cause));
        endSession(StreamErrorCondition.REMOTE_CONNECTION_FAILED,
                "imgate cannot reach the server for " + domain, "server unreachable");
    }

    @Override
    public void secured(Side side) {
        locked(() -> onSecured(side));
    }

    private void onSecured(Side side) {
        if (side == Side.UPSTREAM && upstreamPhase == UpstreamPhase.HANDSHAKE && !ending) {
            upstreamPhase = UpstreamPhase.SECURED;
            upstreamReader = upstreamReader();
            writeUpstream(XmppErrors.streamHeader(null, domain, null).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void failed(Side side, Throwable cause) {
        locked(() -> onFailed(side, cause));
    }

    private void onFailed(Side side, Throwable cause) {
        if (ending) {
            return;
        }
        if (side == Side.CLIENT) {
            LOG.info("client connection failed: {}", describe(cause));
            endSession(null, null, "client connection failed: " + describe(cause));
        } else if (clientStreamEnded || clientGone) {
            LOG.debug("server connection failed while closing: {}", describe(cause));
        } else if (isTls(cause)) {
            LOG.warn("refusing the server for {} at {}: its TLS certificate or handshake failed verification: {}",
                    domain, upstreamAddress, describe(cause));
            endSession(StreamErrorCondition.REMOTE_CONNECTION_FAILED,
                    "imgate refused the server for " + domain + ": its certificate is not trusted",
                    "server certificate refused");
        } else {
            LOG.warn("connection to the server for {} failed: {}", domain, describe(cause));
            endSession(StreamErrorCondition.REMOTE_CONNECTION_FAILED,
                    "the connection to the server for " + domain + " failed", "server connection failed");
        }
    }

    @Override
    public void closed(Side side) {
        locked(() -> onClosed(side));
    }

    private void onClosed(Side side) {
        if (side == Side.CLIENT) {
            LOG.info("client disconnected");
            clientGone = true;
            reportClosed("client disconnected");
            cancelDeadline();
            toClient.close();
            if (ending) {
                return;
            }
            if (upstream != null && upstreamPhase == UpstreamPhase.OPEN) {
                // What the client sent before leaving still goes out once decided; then the stream closes.
                toServer.submit(() -> {
                    closeUpstreamStream();
                    io(upstream::closeOnFlush);
                    ending = true;
                });
            } else {
                ending = true;
                toServer.close();
                if (upstream != null) {
                    io(upstream::closeNow);
                }
            }
        } else {
            LOG.debug("server connection closed");
            if (ending || clientGone) {
                ending = true;
                toServer.close();
                return;
            }
            if (upstreamPhase != UpstreamPhase.OPEN) {
                endSession(StreamErrorCondition.REMOTE_CONNECTION_FAILED,
                        "the server for " + domain + " closed the connection", "server closed during setup");
            } else {
                reportClosed("server closed the stream");
                toClient.submit(() -> io(client::closeOnFlush));
            }
        }
    }

    private void closeUpstreamStream() {
        if (!upstreamCloseSent) {
            upstreamCloseSent = true;
            writeUpstream(STREAM_CLOSE);
        }
    }

    @Override
    public void shuttingDown() {
        locked(() -> {
            if (!ending && !clientGone) {
                LOG.info("imgate is stopping; ending the session");
                endSession(StreamErrorCondition.SYSTEM_SHUTDOWN, "imgate is restarting; please reconnect",
                        "proxy stopped");
            }
        });
    }

    // ---- client leg

    private void fromClient(byte[] data) throws XmppStreamException {
        byte[] chunk = data;
        while (chunk != null && !ending) {
            XmppStreamReader reader = clientReader;
            for (StreamItem item : reader.feed(chunk)) {
                if (ending || reader != clientReader) {
                    return; // the stream ended or restarted under TLS; later bytes are the TLS layer's
                }
                clientItem(item);
            }
            chunk = null;
            if (reader.restarted()) {
                throw new XmppStreamException(StreamErrorCondition.POLICY_VIOLATION,
                        "a client may not send <proceed/> or <success/>");
            }
        }
    }

    private void clientItem(StreamItem item) throws XmppStreamException {
        switch (clientPhase) {
            case HEADER -> clientFirstHeader(item);
            case STARTTLS -> clientStarttls(item);
            case SECURED, RESTARTING -> clientHeader(item);
            case OPEN -> clientStanza(item);
        }
    }

    private void clientFirstHeader(StreamItem item) {
        if (!(item instanceof StreamHeader header)) {
            return;
        }
        String to = header.to() == null ? null : header.to().strip().toLowerCase(java.util.Locale.ROOT);
        HostPort target = to == null ? null : services.upstreams().get(to);
        if (target == null) {
            LOG.info("client asked for XMPP domain '{}', which imgate does not serve", header.to());
            endSession(StreamErrorCondition.HOST_UNKNOWN, header.to() == null
                    ? "the stream header names no domain ('to')"
                    : "imgate does not serve the XMPP domain " + header.to(), "unknown domain " + header.to());
            return;
        }
        domain = to;
        upstreamAddress = target;
        probe = new SoftwareVersionProbe(domain);
        enforcer = new StanzaEnforcer(domain);
        writeClient(XmppErrors.streamHeader(domain, null, nextStreamId()).getBytes(StandardCharsets.UTF_8));
        writeClient(StreamFeatures.starttlsRequired().toXml().getBytes(StandardCharsets.UTF_8));
        clientHeaderSent = true;
        clientPhase = ClientPhase.STARTTLS;
        upstreamPhase = UpstreamPhase.CONNECTING;
        // Resolving a host name may block: do it on the scheduler, then connect asynchronously.
        RelayConnection self = this;
        CompletableFuture.supplyAsync(() -> new InetSocketAddress(target.host(), target.port()), services.scheduler())
                .whenComplete((address, failure) -> {
                    if (failure != null || address.isUnresolved()) {
                        withMdc(() -> upstreamConnectFailed(failure != null ? failure
                                : new java.net.UnknownHostException(target.host())));
                    } else {
                        host.connect(address, self, client);
                    }
                });
    }

    private void clientStarttls(StreamItem item) throws XmppStreamException {
        if (item instanceof StreamEnd) {
            endSession(null, null, "client closed before TLS");
            return;
        }
        if (!(item instanceof TopLevelElement top) || !top.element().is("starttls", XmppNamespaces.TLS)) {
            LOG.info("client did not start TLS; refusing it (no clear-text sessions)");
            endSession(StreamErrorCondition.POLICY_VIOLATION, "TLS is required: send <starttls/> first",
                    "client refused TLS");
            return;
        }
        SSLContext context = services.serverTls().contextFor(domain);
        TlsFilter tls = new TlsFilter(() -> clientLegEngine(context));
        clientReader = reader(false);
        clientPhase = ClientPhase.SECURED;
        clientStreamOpen = false;
        clientHeaderSent = false;
        io(() -> StartTls.secure(client, tls, PROCEED));
    }

    private void clientHeader(StreamItem item) throws XmppStreamException {
        if (!(item instanceof StreamHeader)) {
            throw new XmppStreamException(StreamErrorCondition.BAD_FORMAT, "expected a stream header");
        }
        clientStreamOpen = true;
        if (deferredCondition != null) {
            endSession(deferredCondition, deferredText, null);
            return;
        }
        if (clientPhase == ClientPhase.RESTARTING) {
            byte[] header = XmppErrors.streamHeader(null, domain, null).getBytes(StandardCharsets.UTF_8);
            toServer.submit(() -> writeUpstream(header));
        }
        clientPhase = ClientPhase.OPEN;
        openClientStream();
    }

    private void clientStanza(StreamItem item) {
        if (item instanceof StreamEnd) {
            LOG.info("client closed its stream");
            clientStreamEnded = true;
            toServer.submit(this::closeUpstreamStream);
            return;
        }
        if (item instanceof StreamHeader) {
            endSession(StreamErrorCondition.BAD_FORMAT, "a second stream header", "client protocol error");
            return;
        }
        long read = System.nanoTime();
        TopLevelElement top = (TopLevelElement) item;
        XmlElement element = top.element();
        LOG.debug("client sent <{}> id={}", element.name(), element.attribute("id")); // content stays out of logs
        if (StreamFeatures.isStreamManagementRequest(element)) {
            byte[] failed = StreamFeatures.streamManagementFailed(element).toXml().getBytes(StandardCharsets.UTF_8);
            toClient.submit(() -> writeClient(failed));
            return;
        }
        boolean probeReply = probe != null && probe.consumesReply(element);
        List<ImEvent> events = services.mapper().map(element, new StanzaContext(id, user, StanzaFlow.FROM_CLIENT));
        if (events.isEmpty()) {
            if (!probeReply) {
                toServer.submit(() -> {
                    writeUpstream(top.bytes());
                    StanzaRelayEvent.record(element, StanzaFlow.FROM_CLIENT, false, false, read);
                });
            }
            return;
        }
        toServer.submit(decide(events), (verdicts, failure) ->
                enforce(top, StanzaFlow.FROM_CLIENT, events, verdicts, failure, !probeReply, read));
    }

    /** Lets the client reader survive a malformed answer to our own version query (Smack 4.4 sends one). */
    private boolean probeAnswer(XmlElement element) {
        boolean answer = probe != null && probe.answers(element);
        if (answer) {
            LOG.info("client answered the software-version query with malformed XML; reading on");
        }
        return answer;
    }

        private void openClientStream() {
        if (!clientStreamOpen || pendingFeatures == null || ending) {
            return;
        }
        writeClient((XmppErrors.streamHeader(domain, null, upstreamStreamId) + pendingFeatures.toXml())
                .getBytes(StandardCharsets.UTF_8));
        clientHeaderSent = true;
        pendingFeatures = null;
    }

    // ---- upstream leg

    private void fromUpstream(byte[] data) throws XmppStreamException {
        byte[] chunk = data;
        while (chunk != null && !ending) {
            XmppStreamReader reader = upstreamReader;
            for (StreamItem item : reader.feed(chunk)) {
                if (ending) {
                    return;
                }
                upstreamItem(item);
            }
            chunk = null;
            if (reader.restarted() && !ending) {
                byte[] rest = reader.unconsumed();
                if (upstreamPhase == UpstreamPhase.HANDSHAKE) {
                    return; // after <proceed/> the next bytes are TLS, already routed by the filter
                }
                upstreamReader = upstreamReader();
                chunk = rest.length == 0 ? null : rest;
            }
        }
    }

    private void upstreamItem(StreamItem item) throws XmppStreamException {
        switch (upstreamPhase) {
            case FEATURES -> upstreamPreTlsFeatures(item);
            case PROCEED -> upstreamProceed(item);
            case SECURED, OPEN -> upstreamStream(item);
            default -> throw new XmppStreamException(StreamErrorCondition.BAD_FORMAT,
                    "the server sent data during the TLS handshake");
        }
    }

    private void upstreamPreTlsFeatures(StreamItem item) throws XmppStreamException {
        if (item instanceof StreamHeader) {
            return;
        }
        if (item instanceof TopLevelElement top && StreamFeatures.isFeatures(top.element())) {
            if (!StreamFeatures.offersStarttls(top.element())) {
                LOG.warn("the server for {} at {} does not offer STARTTLS; refusing to relay in clear text",
                        domain, upstreamAddress);
                endSession(StreamErrorCondition.REMOTE_CONNECTION_FAILED,
                        "the server for " + domain + " does not offer TLS", "server without TLS");
                return;
            }
            writeUpstream(STARTTLS);
            upstreamPhase = UpstreamPhase.PROCEED;
            return;
        }
        throw new XmppStreamException(StreamErrorCondition.BAD_FORMAT, "expected the server's features");
    }

    private void upstreamProceed(StreamItem item) throws XmppStreamException {
        if (item instanceof TopLevelElement top && top.element().is("proceed", XmppNamespaces.TLS)) {
            upstreamPhase = UpstreamPhase.HANDSHAKE;
            TlsFilter tls = new TlsFilter(this::upstreamEngine);
            IoSession up = upstream;
            io(() -> StartTls.secure(up, tls, null));
            return;
        }
        LOG.warn("the server for {} refused STARTTLS", domain);
        endSession(StreamErrorCondition.REMOTE_CONNECTION_FAILED,
                "the server for " + domain + " refused TLS", "server refused TLS");
    }

    private static SSLEngine clientLegEngine(SSLContext context) {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        return engine;
    }

    private SSLEngine upstreamEngine() {
        return services.upstreamTls().newEngine(domain, upstreamAddress.port());
    }

    private void upstreamStream(StreamItem item) {
        if (item instanceof StreamHeader header) {
            upstreamStreamId = header.id();
            return;
        }
        if (item instanceof StreamEnd) {
            toClient.submit(() -> writeClient(STREAM_CLOSE));
            return;
        }
        long read = System.nanoTime();
        TopLevelElement top = (TopLevelElement) item;
        XmlElement element = top.element();
        LOG.debug("server sent <{}> id={}", element.name(), element.attribute("id"));
        if (StreamFeatures.isFeatures(element)) {
            upstreamPhase = UpstreamPhase.OPEN;
            XmlElement features = StreamFeatures.forClient(element);
            toClient.submit(() -> {
                pendingFeatures = features;
                openClientStream();
            });
            return;
        }
        if (element.is("success", XmppNamespaces.SASL)) {
            toClient.submit(() -> {
                writeClient(top.bytes());
                authenticated = true;
                clientReader = reader(true);
                clientPhase = ClientPhase.RESTARTING;
                clientStreamOpen = false;
                clientHeaderSent = false;
            });
            return;
        }
        Jid bound = boundJid(element);
        if (bound != null) {
            user = bound;
            cancelDeadline();
            LOG.info("{} logged in through imgate", bound);
        }
        List<ImEvent> events = services.mapper().map(element, new StanzaContext(id, user, StanzaFlow.FROM_SERVER));
        if (events.isEmpty()) {
            toClient.submit(() -> {
                writeClient(top.bytes());
                StanzaRelayEvent.record(element, StanzaFlow.FROM_SERVER, false, false, read);
            });
            return;
        }
        toClient.submit(decide(events), (verdicts, failure) ->
                enforce(top, StanzaFlow.FROM_SERVER, events, verdicts, failure, true, read));
    }

    private static Jid boundJid(XmlElement element) {
        if (!element.is("iq", XmppNamespaces.CLIENT) || !"result".equals(element.attribute("type"))) {
            return null;
        }
        return element.child("bind", XmppNamespaces.BIND).flatMap(b -> b.child("jid", XmppNamespaces.BIND))
                .map(j -> Jid.parseOrNull(j.text().strip())).filter(j -> j.local() != null).orElse(null);
    }

    // ---- verdicts

    private CompletableFuture<List<Verdict>> decide(List<ImEvent> events) {
        if (events.size() == 1) {
            // the common case (one message, one event): no allOf and no stream per stanza
            return services.gate().decide(events.get(0)).thenApply(List::of);
        }
        List<CompletableFuture<Verdict>> futures = new ArrayList<>(events.size());
        for (ImEvent event : events) {
            futures.add(services.gate().decide(event));
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(v -> futures.stream().map(CompletableFuture::join).toList());
    }

    private void enforce(TopLevelElement top, StanzaFlow flow, List<ImEvent> events, List<Verdict> verdicts,
                         Throwable failure, boolean forward, long readNanos) {
        if (ending) {
            return;
        }
        if (failure != null) {
            LOG.error("the gate failed on {} event(s); not delivering (fail closed)", events.size(), failure);
        }
        StanzaEnforcer.Outcome outcome = enforcer.apply(top, flow, events, failure == null ? verdicts : null, user,
                forward);
        if (outcome.endSessionNotice() != null) {
            LOG.info("policy ends the session");
            endSession(StreamErrorCondition.POLICY_VIOLATION, outcome.endSessionNotice(), "ended by policy");
            return;
        }
        XmlElement element = top.element();
        if (outcome.blocked()) {
            LOG.info("blocked <{}> id={} ({})", element.name(), element.attribute("id"),
                    flow == StanzaFlow.FROM_CLIENT ? "from the client" : "to the client");
        }
        outcome.toServer().forEach(this::writeUpstream);
        outcome.toClient().forEach(this::writeClient);
        StanzaRelayEvent.record(element, flow, true, outcome.blocked(), readNanos);
        if (flow == StanzaFlow.FROM_SERVER && !outcome.blocked() && boundJid(element) != null) {
            // XEP-0092, asked on the proxy's own behalf; the reply is consumed, never forwarded.
            writeClient(probe.request(user).toXml().getBytes(StandardCharsets.UTF_8));
        }
    }

    private void sessionVerdict(Verdict verdict, Throwable failure, String what) {
        if (failure != null) {
            LOG.error("the gate failed on the {}; ending the session (fail closed)", what, failure);
            endSession(StreamErrorCondition.POLICY_VIOLATION, StanzaEnforcer.GATE_FAILED_NOTICE, "gate failed");
        } else if (verdict instanceof Verdict.EndSession end) {
            endSession(StreamErrorCondition.POLICY_VIOLATION, end.notice(), "ended by policy");
        } else if (verdict instanceof Verdict.Block block) {
            endSession(StreamErrorCondition.POLICY_VIOLATION, block.notice(), "refused by policy");
        }
    }

    // ---- ending

    private void handshakeTimedOut() {
        withMdc(() -> locked(() -> {
            {
                if (user != null || closeReported) {
                    return;
                }
                if (ending) {
                    io(client::closeNow);
                    return;
                }
                LOG.info("client did not log in within {}; disconnecting it", services.handshakeTimeout());
                deferredCondition = null;
                if (clientPhase == ClientPhase.SECURED && !clientStreamOpen) {
                    ending = true;
                    reportClosed("handshake timed out");
                    closeBoth();
                } else {
                    endSession(StreamErrorCondition.CONNECTION_TIMEOUT, "login took too long", "handshake timed out");
                }
            }
        }));
    }

    /**
     * Ends the session: the client gets {@code condition} (when given) and the server a clean close.
     * While the client is between its TLS handshake and its new stream header it cannot read an error
     * yet, so the error waits for that header (or the handshake deadline).
     */
    private void endSession(StreamErrorCondition condition, String text, String reason) {
        if (ending) {
            return;
        }
        if (condition != null && clientPhase == ClientPhase.SECURED && !clientStreamOpen) {
            if (deferredCondition != null) {
                return;
            }
            deferredCondition = condition;
            deferredText = text;
            toServer.close();
            toClient.close();
            if (upstream != null) {
                io(upstream::closeNow);
            }
            if (reason != null) {
                reportClosed(reason);
            }
            return;
        }
        ending = true;
        toServer.close();
        toClient.close();
        cancelDeadline();
        reportClosed(reason != null ? reason : "ended");
        if (condition != null) {
            if (!clientHeaderSent) {
                writeClient(XmppErrors.streamHeader(domain, null, nextStreamId()).getBytes(StandardCharsets.UTF_8));
            }
            writeClient(XmppErrors.streamError(condition, text));
        }
        if (upstream != null && upstreamPhase == UpstreamPhase.OPEN) {
            closeUpstreamStream();
        }
        closeBoth();
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void closeBoth() {
        io(client::closeOnFlush);
        if (upstream != null) {
            io(upstream::closeOnFlush);
        }
    }

    private void reportClosed(String reason) {
        if (closeReported) {
            return;
        }
        closeReported = true;
        String handle = user == null ? null : user.bare().toString();
        services.gate().decide(new ImEvent.SessionClosed(id, Network.XMPP, services.clock().instant(), handle,
                reason)).whenComplete((verdict, failure) -> {
                    if (failure != null) {
                        withMdc(() -> LOG.error("the session's close could not be recorded", failure));
                    }
                });
    }

    // ---- plumbing

    /** A decision completed (on one of the journal's threads, usually): deliver what is ready, without waiting for the lock. */
    private void drain() {
        withMdc(lock::deliverSoon);
    }

    /** Under the session lock: delivers, in order, whatever is ready in both directions. */
    private void deliverReady() {
        toServer.deliverReady();
        toClient.deliverReady();
    }

    /** Runs {@code action} under the session lock, then the MINA operations it queued, outside it. */
    private void locked(Runnable action) {
        lock.run(action);
    }

    private void io(Runnable operation) {
        outbox.add(operation);
    }

    private void withMdc(Runnable action) {
        String previous = MDC.get("session");
        MDC.put("session", id.value());
        try {
            action.run();
        } finally {
            if (previous == null) {
                MDC.remove("session");
            } else {
                MDC.put("session", previous);
            }
        }
    }

    private void writeClient(byte[] bytes) {
        if (clientGone) {
            return;
        }
        io(() -> client.write(IoBuffer.wrap(bytes)));
    }

    private void writeUpstream(byte[] bytes) {
        if (upstream == null) {
            throw new IllegalStateException("no upstream connection yet");
        }
        IoSession up = upstream;
        io(() -> up.write(IoBuffer.wrap(bytes)));
    }

    private void suspendUpstream() {
        if (upstream != null) {
            io(upstream::suspendRead);
        }
    }

    private void resumeUpstream() {
        if (upstream != null) {
            io(upstream::resumeRead);
        }
    }

    /** A reader of the client's stream, tolerating a malformed answer to the proxy's version query. */
    private XmppStreamReader reader(boolean authenticated) {
        return new XmppStreamReader(services.limits(), authenticated, this::probeAnswer, services.parsers());
    }

    private XmppStreamReader upstreamReader() {
        return new XmppStreamReader(services.limits(), true, element -> false, services.parsers());
    }

    private String nextStreamId() {
        return id.value() + "-" + (++streams);
    }

    private static boolean isTls(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown cause";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
