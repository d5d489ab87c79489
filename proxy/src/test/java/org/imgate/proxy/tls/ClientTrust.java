package org.imgate.proxy.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

/** Client-side TLS contexts for tests: trusting exactly one anchor, as a desktop with the CA installed. */
public final class ClientTrust {

    private ClientTrust() {
    }

    /** A TLS client context (1.3 and 1.2) whose only trust anchor is {@code anchor}. */
    public static SSLContext trusting(X509Certificate anchor) throws GeneralSecurityException, java.io.IOException {
        KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", anchor);
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
