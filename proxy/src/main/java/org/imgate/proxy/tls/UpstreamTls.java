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
import java.util.List;

/**
 * The TLS client side of the upstream leg (proxy to the real XMPP server): the server certificate must
 * chain to the JDK's trust store or to one of the extra PEM anchors ({@code xmpp.upstream-trust}), and
 * must name the XMPP domain (RFC 6120 §13.7.2.1; checked as a DNS-ID by the JDK's HTTPS endpoint
 * identification). SNI carries the domain. SunJSSE does the TLS. Thread-safe.
 */
public final class UpstreamTls {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** Client sessions kept for resumption (the JDK's default is 20,480). */
    static final int SESSION_CACHE_SIZE = 64;

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
            // SunJSSE files every TLS 1.3 session ticket under its own id too, each with a decoded copy of
            // the server's chain, for a day and up to 20,480 of them: with one upstream leg per client that
            // is several KB of heap per connection ever made. Resumption needs only the latest per server.
            context.getClientSessionContext().setSessionCacheSize(SESSION_CACHE_SIZE);
            return new UpstreamTls(context);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("SunJSSE cannot make a TLS client context", e);
        }
    }

    /** The context; pair every connection with {@link #parametersFor(String)}, which turns on host checks. */
    public SSLContext context() {
        return context;
    }

    /** Parameters that send SNI for {@code domain} and require the certificate to name it. */
    public SSLParameters parametersFor(String domain) {
        String host = LeafCertificates.normalise(domain);
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        parameters.setServerNames(List.of(new SNIHostName(host)));
        parameters.setProtocols(PROTOCOLS);
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
