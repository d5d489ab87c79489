package org.imgate.proxy.tls;

import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnterpriseCaTest {

    @TempDir
    Path tmp;

    private final Clock clock = Clock.systemUTC();

    @Test
    void initCreatesAnEcP256CaWithOwnerOnlyKey() throws Exception {
        Path keys = tmp.resolve("data/keys");
        EnterpriseCa ca = EnterpriseCa.init(keys, "Example Corp IM CA", clock);
        X509Certificate cert = ca.certificate();

        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(keys.resolve(EnterpriseCa.KEY_FILE))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
        assertTrue(Files.readString(keys.resolve(EnterpriseCa.KEY_FILE)).contains("BEGIN PRIVATE KEY"));
        assertEquals(0, cert.getBasicConstraints(), "a CA that signs leaves only");
        assertTrue(cert.getKeyUsage()[5], "keyCertSign");
        assertTrue(cert.getCriticalExtensionOIDs().contains("2.5.29.19"), "basicConstraints is critical");
        assertEquals(256, ((ECPublicKey) cert.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        assertTrue(cert.getSubjectX500Principal().getName().contains("CN=Example Corp IM CA"));
        cert.verify(cert.getPublicKey());
        cert.checkValidity();
    }

    @Test
    void initRefusesToReplaceAnExistingCa() throws Exception {
        EnterpriseCa.init(tmp, "First", clock);
        CaException e = assertThrows(CaException.class, () -> EnterpriseCa.init(tmp, "Second", clock));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertTrue(EnterpriseCa.load(tmp).certificate().getSubjectX500Principal().getName().contains("First"));
    }

    @Test
    void loadReturnsTheSameCaAndExportIsItsPem() throws Exception {
        EnterpriseCa created = EnterpriseCa.init(tmp, "Example", clock);
        EnterpriseCa loaded = EnterpriseCa.load(tmp);
        assertEquals(created.certificate(), loaded.certificate());
        X509Certificate exported = parse(loaded.certificatePem());
        assertEquals(created.certificate(), exported);
        assertFalse(loaded.certificatePem().contains("PRIVATE"), "export never carries the key");
        // The loaded key signs leaves that verify against the original certificate.
        new LeafCertificates(loaded, clock).forDomain("example.test").certificate()
                .verify(created.certificate().getPublicKey());
    }

    @Test
    void loadWithoutCaNamesTheDirectoryAndTheCommand() {
        CaException e = assertThrows(CaException.class, () -> EnterpriseCa.load(tmp.resolve("nothing")));
        assertTrue(e.getMessage().contains("nothing") && e.getMessage().contains("imgate ca init"), e.getMessage());
    }

    @Test
    void importFromPemRoundTrips() throws Exception {
        EnterpriseCa original = EnterpriseCa.init(tmp.resolve("other"), "Existing Corp CA", clock);
        Path pem = tmp.resolve("existing.pem");
        Files.writeString(pem, Files.readString(tmp.resolve("other").resolve(EnterpriseCa.KEY_FILE))
                + original.certificatePem());

        Path keys = tmp.resolve("keys");
        EnterpriseCa imported = EnterpriseCa.importFrom(keys, pem, new char[0]);
        assertEquals(original.certificate(), imported.certificate());
        assertEquals(original.certificate(), EnterpriseCa.load(keys).certificate());
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(keys.resolve(EnterpriseCa.KEY_FILE))));
        new LeafCertificates(EnterpriseCa.load(keys), clock).forDomain("example.test").certificate()
                .verify(original.certificate().getPublicKey());
    }

    @Test
    void importFromEncryptedPemNeedsTheRightPassword() throws Exception {
        EnterpriseCa original = EnterpriseCa.init(tmp.resolve("other"), "Existing Corp CA", clock);
        PrivateKey key = privateKeyOf(tmp.resolve("other"));
        Object encrypted = new JcaPKCS8Generator(key,
                new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC).setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).setPassword("s3cret".toCharArray())
                        .build()).generate();
        Path pem = tmp.resolve("encrypted.pem");
        Files.writeString(pem, original.certificatePem() + PemFiles.toPem(encrypted));

        CaException wrong = assertThrows(CaException.class,
                () -> EnterpriseCa.importFrom(tmp.resolve("k1"), pem, "nope".toCharArray()));
        assertTrue(wrong.getMessage().contains("encrypted.pem") && wrong.getMessage().contains("password"),
                wrong.getMessage());
        assertEquals(original.certificate(),
                EnterpriseCa.importFrom(tmp.resolve("k2"), pem, "s3cret".toCharArray()).certificate());
    }

    @Test
    void importFromPkcs12RoundTrips() throws Exception {
        EnterpriseCa original = EnterpriseCa.init(tmp.resolve("other"), "P12 Corp CA", clock);
        char[] password = "changeit".toCharArray();
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        p12.setKeyEntry("ca", privateKeyOf(tmp.resolve("other")), password,
                new Certificate[] {original.certificate()});
        Path file = tmp.resolve("ca.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            p12.store(out, password);
        }

        CaException wrong = assertThrows(CaException.class,
                () -> EnterpriseCa.importFrom(tmp.resolve("k1"), file, "bad".toCharArray()));
        assertTrue(wrong.getMessage().contains("ca.p12"), wrong.getMessage());
        assertFalse(Files.exists(tmp.resolve("k1").resolve(EnterpriseCa.KEY_FILE)), "nothing stored on failure");

        EnterpriseCa imported = EnterpriseCa.importFrom(tmp.resolve("keys"), file, password);
        assertArrayEquals(original.certificate().getEncoded(), imported.certificate().getEncoded());
        new LeafCertificates(imported, clock).forDomain("example.test").certificate()
                .verify(original.certificate().getPublicKey());
    }

    @Test
    void importRefusesALeafCertificateAndAMismatchedKey() throws Exception {
        EnterpriseCa ca = EnterpriseCa.init(tmp.resolve("a"), "A", clock);
        EnterpriseCa.init(tmp.resolve("b"), "B", clock);
        Leaf leaf = new LeafCertificates(ca, clock).forDomain("example.test");
        Path leafPem = tmp.resolve("leaf.pem");
        Files.writeString(leafPem, PemFiles.toPem(leaf.certificate()) + PemFiles.toPem(leaf.privateKey()));
        CaException notCa = assertThrows(CaException.class,
                () -> EnterpriseCa.importFrom(tmp.resolve("k1"), leafPem, new char[0]));
        assertTrue(notCa.getMessage().contains("not a CA"), notCa.getMessage());

        Path mixed = tmp.resolve("mixed.pem");
        Files.writeString(mixed, ca.certificatePem() + Files.readString(tmp.resolve("b").resolve(EnterpriseCa.KEY_FILE)));
        CaException mismatch = assertThrows(CaException.class,
                () -> EnterpriseCa.importFrom(tmp.resolve("k2"), mixed, new char[0]));
        assertTrue(mismatch.getMessage().contains("does not belong"), mismatch.getMessage());
    }

    @Test
    void importOfMissingOrGarbageFileNamesIt() throws Exception {
        Path garbage = tmp.resolve("garbage.bin");
        Files.write(garbage, new byte[] {1, 2, 3, 4, 5});
        CaException e = assertThrows(CaException.class, () -> EnterpriseCa.importFrom(tmp.resolve("k"), garbage,
                new char[0]));
        assertTrue(e.getMessage().startsWith(garbage.toString()), e.getMessage());
        CaException missing = assertThrows(CaException.class,
                () -> EnterpriseCa.importFrom(tmp.resolve("k"), tmp.resolve("absent.pem"), new char[0]));
        assertTrue(missing.getMessage().contains("absent.pem"), missing.getMessage());
    }

    static X509Certificate parse(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes()));
    }

    private static PrivateKey privateKeyOf(Path keysDir) throws Exception {
        String pem = Files.readString(keysDir.resolve(EnterpriseCa.KEY_FILE));
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return java.security.KeyFactory.getInstance("EC")
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(base64)));
    }
}
