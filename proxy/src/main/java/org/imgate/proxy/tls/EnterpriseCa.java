package org.imgate.proxy.tls;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.Objects;

/**
 * The enterprise certificate authority whose certificate desktops trust and which signs the leaf
 * certificates the proxy presents to XMPP clients (RFC 6120 §13.7.1.4 for the identities in them).
 *
 * <p>Kept under a keys directory ({@code data/keys/}) as {@value #CERTIFICATE_FILE} (PEM, world-readable:
 * it is meant for distribution) and {@value #KEY_FILE} (unencrypted PKCS#8 PEM, mode 600: the proxy must
 * sign without an operator present, so file permissions are its protection). Certificates are made with
 * Bouncy Castle; keys and signatures use the JDK's providers, and no provider is registered globally.
 *
 * <p>Immutable and thread-safe once loaded.
 */
public final class EnterpriseCa {

    public static final String CERTIFICATE_FILE = "ca.pem";
    public static final String KEY_FILE = "ca-key.pem";
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final Logger LOG = LoggerFactory.getLogger(EnterpriseCa.class);

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    private EnterpriseCa(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /**
     * Creates a new CA (EC P-256, self-signed, ten years) and stores it under {@code keysDir}.
     *
     * @param commonName the CA's name as desktops will show it, e.g. {@code "Example Corp IM Proxy CA"}
     * @throws CaException when a CA already exists there or the files cannot be written
     */
    public static EnterpriseCa init(Path keysDir, String commonName, Clock clock) throws CaException {
        Objects.requireNonNull(clock, "clock");
        if (commonName == null || commonName.isBlank()) {
            throw new IllegalArgumentException("the CA needs a common name");
        }
        refuseToOverwrite(keysDir);
        KeyPair keyPair = newEcKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, commonName.strip())
                .addRDN(BCStyle.O, "imgate")
                .build();
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, randomSerial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(CA_VALIDITY)), subject,
                    keyPair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
            X509Certificate certificate = toCertificate(builder.build(signer(keyPair.getPrivate())));
            EnterpriseCa ca = new EnterpriseCa(certificate, keyPair.getPrivate());
            ca.store(keysDir);
            LOG.info("Created enterprise CA {} in {}", ca.subject(), keysDir);
            return ca;
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("the JDK cannot make an EC P-256 certificate", e);
        }
    }

    /**
     * Imports an existing CA from a PEM file (certificate and private key, in either order; the key may
     * be PKCS#8, encrypted PKCS#8 or traditional OpenSSL) or a PKCS#12 file ({@code .p12}/{@code .pfx}),
     * and stores it under {@code keysDir}.
     *
     * @param password the password of an encrypted key or of the PKCS#12 file; may be empty
     * @throws CaException when the file cannot be read, holds no CA certificate with its key, or a CA
     *                     already exists under {@code keysDir}
     */
    public static EnterpriseCa importFrom(Path keysDir, Path source, char[] password) throws CaException {
        refuseToOverwrite(keysDir);
        byte[] content;
        try {
            content = Files.readAllBytes(source);
        } catch (NoSuchFileException e) {
            throw new CaException(source + ": no such file");
        } catch (IOException e) {
            throw new CaException(source + ": cannot read: " + e.getMessage(), e);
        }
        boolean pem = new String(content, 0, Math.min(content.length, 4096), StandardCharsets.US_ASCII)
                .contains("-----BEGIN ");
        EnterpriseCa ca = pem ? fromPem(source, content, password) : fromPkcs12(source, content, password);
        ca.validateAsCa(source);
        ca.store(keysDir);
        LOG.info("Imported enterprise CA {} from {} into {}", ca.subject(), source, keysDir);
        return ca;
    }

    /**
     * Loads the CA stored under {@code keysDir}.
     *
     * @throws CaException when there is none or its files are damaged; the message names the file
     */
    public static EnterpriseCa load(Path keysDir) throws CaException {
        Path certFile = keysDir.resolve(CERTIFICATE_FILE);
        Path keyFile = keysDir.resolve(KEY_FILE);
        if (!Files.exists(certFile) || !Files.exists(keyFile)) {
            throw new CaException("no enterprise CA in " + keysDir + " (expected " + CERTIFICATE_FILE + " and "
                    + KEY_FILE + "); run 'imgate ca init' or 'imgate ca import'");
        }
        try {
            EnterpriseCa ca = fromPem(certFile, concat(Files.readAllBytes(certFile), Files.readAllBytes(keyFile)),
                    new char[0]);
            ca.validateAsCa(certFile);
            return ca;
        } catch (IOException e) {
            throw new CaException(keysDir + ": cannot read the CA: " + e.getMessage(), e);
        }
    }

    /** The CA certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA certificate in PEM, for distribution to desktops ({@code imgate ca export}). */
    public String certificatePem() {
        return PemFiles.toPem(certificate);
    }

    /** A signer with the CA's key, for {@link LeafCertificates}. */
    ContentSigner signer() {
        return signer(privateKey);
    }

    private String subject() {
        return certificate.getSubjectX500Principal().getName();
    }

    @Override
    public String toString() {
        return "EnterpriseCa[" + subject() + "]";
    }

    private void store(Path keysDir) throws CaException {
        try {
            PemFiles.createPrivateDirectory(keysDir);
            PemFiles.write(keysDir.resolve(KEY_FILE), PemFiles.toPem(privateKey), PemFiles.OWNER_ONLY);
            PemFiles.write(keysDir.resolve(CERTIFICATE_FILE), certificatePem(), PemFiles.WORLD_READABLE);
        } catch (IOException e) {
            throw new CaException(keysDir + ": cannot store the CA: " + e.getMessage(), e);
        }
    }

    private void validateAsCa(Path source) throws CaException {
        if (certificate.getBasicConstraints() < 0) {
            throw new CaException(source + ": certificate " + certificate.getSubjectX500Principal().getName()
                    + " is not a CA certificate (basicConstraints cA is false)");
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && !keyUsage[5]) {
            throw new CaException(source + ": certificate " + certificate.getSubjectX500Principal().getName()
                    + " may not sign certificates (keyUsage lacks keyCertSign)");
        }
        if (!keyMatches(certificate.getPublicKey(), privateKey)) {
            throw new CaException(source + ": the private key does not belong to certificate "
                    + certificate.getSubjectX500Principal().getName());
        }
    }

    private static EnterpriseCa fromPem(Path source, byte[] content, char[] password) throws CaException {
        X509Certificate certificate = null;
        PrivateKey key = null;
        JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
        try (Reader reader = new InputStreamReader(new ByteArrayInputStream(content),
                StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            for (Object o; (o = parser.readObject()) != null; ) {
                if (o instanceof X509CertificateHolder holder) {
                    if (certificate == null) {
                        certificate = toCertificate(holder);
                    }
                } else if (o instanceof PEMKeyPair pair) {
                    key = keys.getPrivateKey(pair.getPrivateKeyInfo());
                } else if (o instanceof PrivateKeyInfo info) {
                    key = keys.getPrivateKey(info);
                } else if (o instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                    key = keys.getPrivateKey(encrypted.decryptPrivateKeyInfo(
                            new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(bouncyCastle()).build(password)));
                } else if (o instanceof PEMEncryptedKeyPair encrypted) {
                    key = keys.getPrivateKey(encrypted.decryptKeyPair(
                            new JcePEMDecryptorProviderBuilder().setProvider(bouncyCastle()).build(password)).getPrivateKeyInfo());
                }
            }
        } catch (PKCSException | OperatorCreationException e) {
            throw new CaException(source + ": cannot decrypt the private key (wrong password?)", e);
        } catch (IOException e) {
            throw new CaException(source + ": not a readable PEM file: " + e.getMessage(), e);
        }
        if (certificate == null) {
            throw new CaException(source + ": no certificate in the PEM file");
        }
        if (key == null) {
            throw new CaException(source + ": no private key in the PEM file");
        }
        return new EnterpriseCa(certificate, key);
    }

    private static EnterpriseCa fromPkcs12(Path source, byte[] content, char[] password) throws CaException {
        try (InputStream in = new ByteArrayInputStream(content)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    Certificate certificate = store.getCertificate(alias);
                    if (certificate instanceof X509Certificate x509) {
                        return new EnterpriseCa(x509, (PrivateKey) store.getKey(alias, password));
                    }
                }
            }
            throw new CaException(source + ": the PKCS#12 file holds no private key with a certificate");
        } catch (IOException e) {
            throw new CaException(source + ": not a PEM or PKCS#12 file, or wrong password: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new CaException(source + ": cannot read the PKCS#12 file: " + e.getMessage(), e);
        }
    }

    /**
     * Bouncy Castle's provider, for decrypting imported key files only (OpenSSL's PEM ciphers use names
     * the JDK lacks). Passed per call and never registered, so the JVM's TLS and JCA choices stay the JDK's.
     */
    private static Provider bouncyCastle() {
        return new BouncyCastleProvider();
    }

    private static void refuseToOverwrite(Path keysDir) throws CaException {
        if (Files.exists(keysDir.resolve(CERTIFICATE_FILE)) || Files.exists(keysDir.resolve(KEY_FILE))) {
            throw new CaException("an enterprise CA already exists in " + keysDir
                    + "; move it away first, since desktops trust it");
        }
    }

    static KeyPair newEcKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate EC P-256 keys", e);
        }
    }

    static BigInteger randomSerial() {
        return new BigInteger(127, new SecureRandom()).add(BigInteger.ONE);
    }

    static X509Certificate toCertificate(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot convert a certificate Bouncy Castle built", e);
        }
    }

    private static ContentSigner signer(PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("CA keys must be EC or RSA, not " + key.getAlgorithm());
        };
        try {
            return new JcaContentSignerBuilder(algorithm).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with " + algorithm, e);
        }
    }

    private static boolean keyMatches(PublicKey publicKey, PrivateKey privateKey) {
        String algorithm = privateKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            byte[] probe = "imgate key check".getBytes(StandardCharsets.US_ASCII);
            Signature sign = Signature.getInstance(algorithm);
            sign.initSign(privateKey);
            sign.update(probe);
            byte[] signature = sign.sign();
            Signature verify = Signature.getInstance(algorithm);
            verify.initVerify(publicKey);
            verify.update(probe);
            return verify.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + 1 + b.length);
        out[a.length] = '\n';
        System.arraycopy(b, 0, out, a.length + 1, b.length);
        return out;
    }
}
