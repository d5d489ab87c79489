package org.imgate.proxy.tls;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Presents the leaf for the domain a client asked for: the SNI host name when the client sent one the
 * proxy serves (Direct TLS, XEP-0368), otherwise {@code fallbackDomain}, which for STARTTLS is the
 * {@code to} of the client's stream header (RFC 6120 §4.7.2). Server side only. Thread-safe.
 */
final class LeafKeyManager extends X509ExtendedKeyManager {

    private final LeafCertificates leaves;
    private final String fallbackDomain;
    private final Predicate<String> served;

    LeafKeyManager(LeafCertificates leaves, String fallbackDomain, Predicate<String> served) {
        this.leaves = Objects.requireNonNull(leaves, "leaves");
        this.fallbackDomain = LeafCertificates.normalise(fallbackDomain);
        this.served = Objects.requireNonNull(served, "served");
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        SSLSession session = socket instanceof SSLSocket ssl ? ssl.getHandshakeSession() : null;
        return aliasFor(keyType, session);
    }

    private String aliasFor(String keyType, SSLSession handshake) {
        // Leaves always carry EC keys; offering them for another key type would fail the handshake.
        if (keyType == null || !keyType.startsWith("EC")) {
            return null;
        }
        if (handshake instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name.getType() == StandardConstants.SNI_HOST_NAME) {
                    String host = ((SNIHostName) name).getAsciiName();
                    if (isServed(host)) {
                        return LeafCertificates.normalise(host);
                    }
                }
            }
        }
        return fallbackDomain;
    }

    private boolean isServed(String host) {
        try {
            return served.test(LeafCertificates.normalise(host));
        } catch (IllegalArgumentException notADomain) {
            return false;
        }
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return leaves.forDomain(alias).chain().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return leaves.forDomain(alias).privateKey();
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return keyType != null && keyType.startsWith("EC") ? new String[] {fallbackDomain} : null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
