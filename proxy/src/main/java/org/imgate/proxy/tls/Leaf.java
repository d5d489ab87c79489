package org.imgate.proxy.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A minted leaf certificate for one XMPP domain with its key and its chain (leaf, then CA).
 *
 * <p>{@link #toString()} never shows the key. Immutable and thread-safe.
 */
public record Leaf(String domain, PrivateKey privateKey, List<X509Certificate> chain) {
    public Leaf {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(privateKey, "private key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a leaf needs its certificate");
        }
    }

    /** The leaf certificate itself. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        return "Leaf[" + domain + ", serial " + certificate().getSerialNumber().toString(16) + ", until "
                + certificate().getNotAfter().toInstant() + "]";
    }
}
