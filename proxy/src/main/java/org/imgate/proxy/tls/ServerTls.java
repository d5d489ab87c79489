package org.imgate.proxy.tls;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Builds the {@link SSLContext} for the client leg, where the proxy is the TLS server and presents
 * leaves from {@link LeafCertificates}. SunJSSE does the TLS: Bouncy Castle only makes certificates
 * (see reference/performance.md).
 *
 * <p>Sessions are kept on the server (stateful TLS 1.3 resumption) rather than in stateless tickets,
 * SunJSSE's default since JDK 13: a stateless ticket carries the whole session, certificates included,
 * and every resumption decodes a private copy of the leaf and the CA certificate from it, about 10 KB of
 * heap for as long as the connection stays open (a few thousand idle clients make that tens of MB). A
 * resumed stateful session shares the certificates the key manager handed out. SunJSSE reads the switch,
 * the documented system property {@value #STATELESS_TICKETS}, each time a context is made; the first
 * {@code ServerTls} sets it for the JVM unless the operator set it (then the operator's choice stands and a
 * warning says what it costs).
 *
 * <p>Thread-safe.
 */
public final class ServerTls {

    /** Server sessions kept for resumption per domain. */
    static final int SESSION_CACHE_SIZE = 1024;
    /** SunJSSE's switch for stateless server session tickets (JSSE reference guide). */
    static final String STATELESS_TICKETS = "jdk.tls.server.enableSessionTicketExtension";
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);

    private final LeafCertificates leaves;
    private final Predicate<String> servedDomains;
    private final Map<String, SSLContext> contexts = new ConcurrentHashMap<>();

    /**
     * @param servedDomains accepts the lower-case domains the proxy intercepts; only those are minted
     *                      when a client names one by SNI
     */
    public ServerTls(LeafCertificates leaves, Predicate<String> servedDomains) {
        this.leaves = Objects.requireNonNull(leaves, "leaves");
        this.servedDomains = Objects.requireNonNull(servedDomains, "servedDomains");
        preferStatefulSessions();
    }

    private static void preferStatefulSessions() {
        String chosen = System.getProperty(STATELESS_TICKETS);
        if (chosen == null) {
            System.setProperty(STATELESS_TICKETS, "false");
        } else if (Boolean.parseBoolean(chosen)) {
            LOG.warn("{}=true: every resumed client TLS session holds its own copy of the certificate chain"
                    + " (about 10 KB of heap per connection)", STATELESS_TICKETS);
        }
    }

    /**
     * A context presenting the leaf of {@code domain} (the stream header's {@code to}), or of the SNI
     * name when the client sent a served one. Contexts are made once per domain and shared, so TLS
     * sessions can resume; leaves are fetched at each handshake, so renewals take effect at once.
     *
     * @throws IllegalArgumentException when {@code domain} is not served or not a domain name
     */
    public SSLContext contextFor(String domain) {
        String normalised = LeafCertificates.normalise(domain);
        if (!servedDomains.test(normalised)) {
            throw new IllegalArgumentException("imgate does not intercept XMPP domain '" + domain + "'");
        }
        return contexts.computeIfAbsent(normalised, this::newContext);
    }

    private SSLContext newContext(String normalised) {
        try {
            SSLContext context = SSLContext.getInstance("TLS", "SunJSSE");
            context.init(new KeyManager[] {new LeafKeyManager(leaves, normalised, servedDomains)}, null, null);
            // Bounded (the JDK keeps up to 20,480 sessions for a day): enough for recent clients to resume,
            // without every client connection ever made holding heap.
            context.getServerSessionContext().setSessionCacheSize(SESSION_CACHE_SIZE);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SunJSSE cannot make a TLS server context", e);
        }
    }
}
