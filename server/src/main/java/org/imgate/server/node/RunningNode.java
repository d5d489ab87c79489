package org.imgate.server.node;

import org.imgate.archive.AuditEntry;
import org.imgate.archive.Journal;
import org.imgate.archive.JournalException;
import org.imgate.archive.JournalSettings;
import org.imgate.archive.ArchiveKeys;
import org.imgate.policy.ComplianceGate;
import org.imgate.policy.PolicyEngine;
import org.imgate.proxy.msn.transport.MsnProxy;
import org.imgate.proxy.tls.EnterpriseCa;
import org.imgate.proxy.tls.LeafCertificates;
import org.imgate.proxy.tls.UpstreamTls;
import org.imgate.proxy.xmpp.XmppProxy;
import org.imgate.search.journal.SearchService;
import org.imgate.server.admin.AdminServer;
import org.imgate.server.admin.JournalArchiveWriter;
import org.imgate.server.ConfigurationException;
import org.imgate.server.config.ImgateConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Everything {@code imgate serve} runs, started in dependency order and closed in reverse: the
 * journal first (nothing may be decided before the archive can keep it), then the compliance gate
 * over it, then the scheduled jobs. The start and the stop of a node are themselves audit records,
 * so the journal shows when the system was not watching.
 *
 * <p>Not thread-safe: one thread starts it and one closes it.
 */
public final class RunningNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RunningNode.class);
    private static final Duration AUDIT_TIMEOUT = Duration.ofSeconds(30);
    /** How long a search beside the server waits for the index to take the newest records before it reads. */
    private static final Duration INDEX_COMMIT_WAIT = Duration.ofSeconds(10);

    private final Journal journal;
    private final ComplianceGate gate;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Clock clock;

    private RunningNode(Journal journal, ComplianceGate gate, Clock clock) {
        this.journal = journal;
        this.gate = gate;
        this.clock = clock;
    }

    /**
     * Opens the journal, builds the gate over it, then starts the search index feed, the retention
     * schedule, the protocol listeners and, last, the admin channel. On any failure what was started
     * is closed again and the failure is thrown: a node either runs whole or not at all.
     */
    public static RunningNode start(ImgateConfig config, PolicyEngine policy, Clock clock) throws Exception {
        Journal journal = Journal.open(new JournalSettings(config.dataDir(), config.nodeId(), config.archive(), clock,
                ArchiveKeys.passphraseFromEnvironment()));
        RunningNode node = new RunningNode(journal,
                new ComplianceGate(policy, journal, config.archive().failureMode()), clock);
        try {
            node.audit("serve.start", Map.of(
                    "node", config.nodeId(),
                    "policy-version", policy.version(),
                    "policy-rules", String.valueOf(policy.rules().size()),
                    "failure-mode", config.archive().failureMode().name().toLowerCase(java.util.Locale.ROOT)));
            // The index follows the journal on its own thread and refreshes and commits only now and then:
            // a search beside the server asks it for a commit over the admin channel first (ADR 0013).
            SearchService search = SearchService.start(journal, SearchService.nodeConfig(config.indexDir()));
            node.started.push(search);
            node.started.push(RetentionSchedule.start(journal, clock, config.archive().purgeAt()));
            String xmpp = node.startXmpp(config);
            String msn = node.startMsn(config);
            // Last, so that a live admin socket means the whole node is up.
            node.started.push(AdminServer.start(config.dataDir(), JournalArchiveWriter.sharing(journal),
                    () -> search.commitCurrent(INDEX_COMMIT_WAIT)));
            LOG.info("node {} running: archive {} (failure-mode {}), policy {} with {} rules; {}; {}",
                    config.nodeId(), journal.directory(),
                    config.archive().failureMode().name().toLowerCase(java.util.Locale.ROOT), policy.version(),
                    policy.rules().size(), xmpp, msn);
            return node;
        } catch (Exception e) {
            node.closeQuietlyAfterFailedStart(e);
            throw e;
        }
    }

    /**
     * Starts the XMPP proxy when {@code xmpp.upstreams} names at least one domain (without one there is
     * nowhere to send a client). The enterprise CA is created on first use, like the archive key, so a
     * first start needs no extra step; its certificate must then reach the desktops ({@code imgate ca export}).
     */
    private String startXmpp(ImgateConfig config) throws Exception {
        if (config.xmpp().upstreams().isEmpty()) {
            return "XMPP: no xmpp.upstreams configured, no listener";
        }
        EnterpriseCa ca;
        if (Files.exists(config.keysDir().resolve(EnterpriseCa.CERTIFICATE_FILE))) {
            ca = EnterpriseCa.load(config.keysDir());
        } else {
            ca = EnterpriseCa.init(config.keysDir(), "imgate IM proxy CA (" + config.nodeId() + ")", clock);
            LOG.warn("created the enterprise CA in {}; XMPP clients must trust it: imgate ca export > imgate-ca.pem",
                    config.keysDir());
        }
        XmppProxy proxy = new XmppProxy(config.xmpp(), config.xmpp().xmlLimits(), new LeafCertificates(ca, clock),
                UpstreamTls.create(config.xmpp().upstreamTrust()), gate, clock);
        started.push(proxy);
        InetSocketAddress bound = listening(proxy::start, "xmpp.listen", config.xmpp().listen().toString());
        return "XMPP on " + bound + " for " + String.join(", ", config.xmpp().upstreams().keySet());
    }

    /** Starts the MSN proxy when {@code msn.upstream} names a dispatch server. */
    private String startMsn(ImgateConfig config) throws Exception {
        if (config.msn().upstream() == null) {
            return "MSN: no msn.upstream configured, no listener";
        }
        MsnProxy proxy = new MsnProxy(config.msn(), gate, clock);
        started.push(proxy);
        boolean gateway = config.msn().gatewayListen() != null;
        InetSocketAddress bound = listening(proxy::start,
                "msn.listen / msn.switchboard-listen" + (gateway ? " / msn.gateway-listen" : ""),
                config.msn().listen() + " / " + config.msn().switchboardListen()
                        + (gateway ? " / " + config.msn().gatewayListen() : ""));
        return "MSN on " + bound + " (switchboards on " + config.msn().switchboardListen()
                + (gateway ? ", HTTP gateway on " + proxy.gatewayAddress() : ", no HTTP gateway") + ") for "
                + config.msn().upstream();
    }

    private interface Listener {
        InetSocketAddress start() throws java.io.IOException;
    }

    /** Starts a listener; a port that is taken becomes a configuration error naming the key to change. */
    private static InetSocketAddress listening(Listener listener, String key, String where) throws Exception {
        try {
            return listener.start();
        } catch (java.io.IOException e) {
            // MINA wraps the BindException; the operator needs the key to change, not a stack trace.
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof java.net.BindException bind) {
                    throw new ConfigurationException(key + ": cannot listen on " + where + ": " + bind.getMessage()
                            + " (another program, or another imgate, has that port?)", e);
                }
            }
            throw e;
        }
    }

    /**
     * Writes an audit record and waits until it is durable; an audit record that cannot be written
     * stops the operation it describes, since an unaudited start or stop is what regulators ask about.
     */
    private void audit(String action, Map<String, String> details) throws JournalException, InterruptedException {
        try {
            journal.appendAudit(new AuditEntry(actor(), action, details, clock.instant()))
                    .get(AUDIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new JournalException("cannot write the '" + action + "' audit record to " + journal.directory()
                    + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new JournalException("the '" + action + "' audit record to " + journal.directory()
                    + " was not durable after " + AUDIT_TIMEOUT.toSeconds() + " s", e);
        }
    }

    private static String actor() {
        String user = System.getProperty("user.name");
        return "imgate-serve" + (user == null || user.isBlank() ? "" : " (" + user + ")");
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                failure = addTo(failure, e);
            }
        }
        try {
            audit("serve.stop", Map.of("last-seq", String.valueOf(journal.lastSequence())));
        } catch (Exception e) {
            LOG.error("could not record the stop in the journal: {}", e.getMessage());
            failure = addTo(failure, e);
        }
        try {
            journal.close();
        } catch (Exception e) {
            failure = addTo(failure, e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void closeQuietlyAfterFailedStart(Exception cause) {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                cause.addSuppressed(e);
            }
        }
        try {
            journal.close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }

    private static Exception addTo(Exception first, Exception next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
