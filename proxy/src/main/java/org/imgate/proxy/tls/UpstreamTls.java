package org.imgate.proxy.tls;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The TLS client side of the upstream leg (proxy to the real XMPP server): the server certificate must
 * chain to the JDK's trust store or to one of the extra PEM anchors ({@code xmpp.upstream-trust}), and
 * must name the XMPP domain (RFC 6120 §13.7.2.1; checked as a DNS-ID by the JDK's HTTPS endpoint
 * identification). SNI carries the domain. TLS 1.3 only: on it Prosody offers no channel binding that
 * a client's {@code -PLUS} login would bind to the wrong connection (README, "Channel binding"). SunJSSE
 * does the TLS. Thread-safe.
 */
public final class UpstreamTls {

    private static final String[] PROTOCOLS = {"TLSv1.3"};
    /** Client sessions kept (the JDK's default is 20,480); with tickets refused, TLS 1.3 files none. */
    static final int SESSION_CACHE_SIZE = 64;
    /**
     * Seven days and a second: SunJSSE drops every TLS 1.3 session ticket when its client session timeout
     * is longer than a ticket may live (RFC 8446 §4.6.1), which is the only way it offers to refuse them.
     */
    static final int TICKETS_REFUSED_TIMEOUT_SECONDS = 7 * 24 * 3600 + 1;

    private final SSLContext context;

    private UpstreamTls(SSLContext context) {
        this.context = context;
    }

    /**
     * Trusts the JDK's anchors plus every certificate in {@code extraAnchorFiles}.
     *
     * @throws CaException when an anchor file is missing or holds no certificate; the message names it
     */
    public static UpstreamTls create(List<Path> extraAnchorFiles) throws CaException {
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int n = 0;
            for (X509Certificate jdkAnchor : jdkAnchors()) {
                anchors.setCertificateEntry("jdk-" + n++, jdkAnchor);
            }
            for (Path file : extraAnchorFiles) {
                for (X509Certificate extra : readCertificates(file)) {
                    anchors.setCertificateEntry("extra-" + n++, extra);
                }
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(anchors);
            SSLContext context = SSLContext.getInstance("TLS", "SunJSSE");
            context.init(null, factory.getTrustManagers(), null);
            // No resumption upstream (ADR 0017). SunJSSE hangs each ticket the server sends (Prosody sends
            // two) on the live connection's session, and a connection resumed from a ticket keeps its
            // session there too: every idle upstream leg held two unused ticket sessions, and one long-lived
            // leg kept the sessions of all the legs resumed after it reachable, an unbounded chain. A full
            // handshake per login costs the server's certificate check instead.
            context.getClientSessionContext().setSessionCacheSize(SESSION_CACHE_SIZE);
            context.getClientSessionContext().setSessionTimeout(TICKETS_REFUSED_TIMEOUT_SECONDS);
            return new UpstreamTls(context);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("SunJSSE cannot make a TLS client context", e);
        }
    }

    /** The context; pair every connection with {@link #parametersFor(String)}, which turns on host checks. */
    public SSLContext context() {
        return context;
    }

    /** Parameters that send SNI for {@code domain}, require the certificate to name it, and allow TLS 1.3. */
    public SSLParameters parametersFor(String domain) {
        String host = LeafCertificates.normalise(domain);
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setServerNames(List.of(new SNIHostName(host)));
        parameters.setProtocols(PROTOCOLS);
        // Only TLS 1.3's suites can be negotiated; listing just those keeps each engine's copy short.
        parameters.setCipherSuites(Arrays.stream(parameters.getCipherSuites())
                .filter(suite -> suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_"))
                .toArray(String[]::new));
        return parameters;
    }

    /** A client-mode engine for {@code domain}, with host verification and SNI already set. */
    public SSLEngine newEngine(String domain, int port) {
        SSLEngine engine = context.createSSLEngine(LeafCertificates.normalise(domain), port);
        engine.setUseClientMode(true);
        engine.setSSLParameters(parametersFor(domain));
        return engine;
    }

    private static List<X509Certificate> jdkAnchors() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        List<X509Certificate> out = new ArrayList<>();
        for (TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                out.addAll(List.of(x509.getAcceptedIssuers()));
            }
        }
        return out;
    }

    static List<X509Certificate> readCertificates(Path file) throws CaException {
        List<X509Certificate> out = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            for (Object o; (o = parser.readObject()) != null; ) {
                if (o instanceof X509CertificateHolder holder) {
                    out.add(EnterpriseCa.toCertificate(holder));
                }
            }
        } catch (IOException e) {
            throw new CaException(file + ": cannot read trust anchors: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new CaException(file + ": no PEM certificate in this trust anchor file");
        }
        return out;
    }
}
