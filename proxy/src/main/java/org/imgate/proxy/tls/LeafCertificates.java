package org.imgate.proxy.tls;

import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Mints the leaf certificate the proxy presents for an XMPP domain, signed by the {@link EnterpriseCa},
 * with the identities RFC 6120 §13.7.1.4 and RFC 6125 describe: a DNS name (what clients check), an
 * {@code id-on-xmppAddr} otherName ({@value #ID_ON_XMPP_ADDR}, UTF8String) and an SRV-ID otherName
 * ({@value #ID_ON_DNS_SRV}, IA5String {@code _xmpp-client.<domain>}, RFC 4985).
 *
 * <p>Leaves live in memory, one per domain, and are minted again once less than {@code renewBefore} of
 * their validity remains. Only domains the caller lets through are minted: the caller passes the domains
 * the proxy serves, so a peer cannot make it mint for arbitrary names. Thread-safe.
 */
public final class LeafCertificates {

    public static final String ID_ON_XMPP_ADDR = "1.3.6.1.5.5.7.8.5";
    public static final String ID_ON_DNS_SRV = "1.3.6.1.5.5.7.8.7";
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(90);
    public static final Duration DEFAULT_RENEW_BEFORE = Duration.ofDays(30);

    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(LeafCertificates.class);

    private final EnterpriseCa ca;
    private final Clock clock;
    private final Duration validity;
    private final Duration renewBefore;
    private final Map<String, Leaf> leaves = new ConcurrentHashMap<>();

    public LeafCertificates(EnterpriseCa ca, Clock clock) {
        this(ca, clock, DEFAULT_VALIDITY, DEFAULT_RENEW_BEFORE);
    }

    public LeafCertificates(EnterpriseCa ca, Clock clock, Duration validity, Duration renewBefore) {
        this.ca = Objects.requireNonNull(ca, "ca");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.validity = Objects.requireNonNull(validity, "validity");
        this.renewBefore = Objects.requireNonNull(renewBefore, "renewBefore");
        if (validity.isNegative() || validity.isZero() || renewBefore.isNegative()
                || renewBefore.compareTo(validity) >= 0) {
            throw new IllegalArgumentException("need 0 <= renewBefore (" + renewBefore + ") < validity ("
                    + validity + ")");
        }
    }

    /**
     * The current leaf for {@code domain}, minted on first use and again when it nears expiry.
     *
     * @throws IllegalArgumentException when {@code domain} is not a DNS domain name
     */
    public Leaf forDomain(String domain) {
        String key = normalise(domain);
        return leaves.compute(key, (d, existing) -> existing != null && !needsRenewal(existing) ? existing : mint(d));
    }

    private boolean needsRenewal(Leaf leaf) {
        Instant renewAt = leaf.certificate().getNotAfter().toInstant().minus(renewBefore);
        return !clock.instant().isBefore(renewAt);
    }

    static String normalise(String domain) {
        Objects.requireNonNull(domain, "domain");
        String d = domain.strip().toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        if (!DOMAIN.matcher(d).matches()) {
            throw new IllegalArgumentException("'" + domain + "' is not a DNS domain name");
        }
        return d;
    }

    private Leaf mint(String domain) {
        KeyPair keyPair = EnterpriseCa.newEcKeyPair();
        X509Certificate caCert = ca.certificate();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, domain).build();
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCert, EnterpriseCa.randomSerial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(validity)), subject, keyPair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames(domain));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(caCert));
            X509Certificate leaf = EnterpriseCa.toCertificate(builder.build(ca.signer()));
            LOG.info("Minted TLS leaf for XMPP domain {} (serial {}, valid until {})", domain,
                    leaf.getSerialNumber().toString(16), leaf.getNotAfter().toInstant());
            return new Leaf(domain, keyPair.getPrivate(), List.of(leaf, caCert));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot mint a leaf certificate for " + domain, e);
        }
    }

    private static GeneralNames subjectAlternativeNames(String domain) {
        return new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, domain),
            otherName(ID_ON_XMPP_ADDR, new DERUTF8String(domain)),
            otherName(ID_ON_DNS_SRV, new DERIA5String("_xmpp-client." + domain)),
        });
    }

    /** {@code OtherName ::= SEQUENCE { type-id OID, value [0] EXPLICIT ANY }} (RFC 5280 §4.2.1.6). */
    private static GeneralName otherName(String oid, ASN1Encodable value) {
        ASN1EncodableVector v = new ASN1EncodableVector();
        v.add(new ASN1ObjectIdentifier(oid));
        v.add(new DERTaggedObject(true, 0, value));
        return new GeneralName(GeneralName.otherName, new DERSequence(v));
    }
}
