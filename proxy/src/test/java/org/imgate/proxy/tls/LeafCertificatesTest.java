package org.imgate.proxy.tls;

import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.imgate.core.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LeafCertificatesTest {

    @TempDir
    Path tmp;

    private final MutableClock clock = new MutableClock(Instant.now());
    private EnterpriseCa ca;
    private LeafCertificates leaves;

    @BeforeEach
    void setUp() throws Exception {
        ca = EnterpriseCa.init(tmp, "Test CA", clock);
        leaves = new LeafCertificates(ca, clock);
    }

    @Test
    void leafNamesTheDomainThreeWaysAndChainsToTheCa() throws Exception {
        Leaf leaf = leaves.forDomain("Example.Test");
        X509Certificate cert = leaf.certificate();
        cert.verify(ca.certificate().getPublicKey());
        assertEquals(List.of(cert, ca.certificate()), leaf.chain());
        assertEquals(-1, cert.getBasicConstraints(), "a leaf is no CA");
        assertTrue(cert.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "serverAuth");
        assertEquals("EC", cert.getPublicKey().getAlgorithm());

        Map<String, String> names = subjectAlternativeNames(cert);
        assertEquals(Map.of("dns", "example.test",
                LeafCertificates.ID_ON_XMPP_ADDR, "example.test",
                LeafCertificates.ID_ON_DNS_SRV, "_xmpp-client.example.test"), names);
        assertTrue(leaf.toString().contains("example.test"));
        assertTrue(!leaf.toString().contains("PRIVATE") && !leaf.toString().contains(leaf.privateKey().toString()));
    }

    @Test
    void leavesAreCachedPerDomainAndRenewedBeforeExpiry() {
        Leaf first = leaves.forDomain("example.test");
        assertSame(first, leaves.forDomain("EXAMPLE.TEST."));
        assertNotEquals(first.certificate(), leaves.forDomain("conference.example.test").certificate());

        clock.advance(LeafCertificates.DEFAULT_VALIDITY.minus(LeafCertificates.DEFAULT_RENEW_BEFORE)
                .minus(Duration.ofMinutes(1)));
        assertSame(first, leaves.forDomain("example.test"), "still far enough from expiry");

        clock.advance(Duration.ofMinutes(2));
        Leaf renewed = leaves.forDomain("example.test");
        assertNotEquals(first.certificate().getSerialNumber(), renewed.certificate().getSerialNumber());
        assertTrue(renewed.certificate().getNotAfter().after(first.certificate().getNotAfter()));
    }

    @Test
    void refusesNamesThatAreNotDomains() {
        for (String bad : List.of("", "alice@example.test", "example.test/res", "-bad.test", "a..b")) {
            assertThrows(IllegalArgumentException.class, () -> leaves.forDomain(bad), bad);
        }
    }

    private static Map<String, String> subjectAlternativeNames(X509Certificate cert) throws Exception {
        X509CertificateHolder holder = new X509CertificateHolder(cert.getEncoded());
        GeneralNames names = GeneralNames.fromExtensions(holder.getExtensions(), Extension.subjectAlternativeName);
        Map<String, String> out = new HashMap<>();
        for (GeneralName name : names.getNames()) {
            if (name.getTagNo() == GeneralName.dNSName) {
                out.put("dns", name.getName().toString());
            } else if (name.getTagNo() == GeneralName.otherName) {
                ASN1Sequence seq = ASN1Sequence.getInstance(name.getName());
                String oid = ASN1ObjectIdentifier.getInstance(seq.getObjectAt(0)).getId();
                ASN1TaggedObject value = ASN1TaggedObject.getInstance(seq.getObjectAt(1));
                Object inner = value.getExplicitBaseObject();
                if (oid.equals(LeafCertificates.ID_ON_XMPP_ADDR)) {
                    out.put(oid, ((ASN1UTF8String) inner).getString());
                } else {
                    out.put(oid, ((ASN1IA5String) inner).getString());
                }
            }
        }
        return out;
    }
}
