package org.imgate.proxy.tls;

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
 * (see reference/performance.md). Thread-safe.
 */
public final class ServerTls {

    /** Server sessions kept for resumption per domain. */
    static final int SESSION_CACHE_SIZE = 1024;

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
