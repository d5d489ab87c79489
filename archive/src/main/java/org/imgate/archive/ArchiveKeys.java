package org.imgate.archive;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jcajce.interfaces.EdDSAPrivateKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;

/**
 * The archive's Ed25519 signing key pair (RFC 8032, via Bouncy Castle), kept under {@code data/keys/}:
 * the private key as PKCS#8 PEM with mode 600, encrypted (PBKDF2 + AES-256-CBC) when a passphrase is
 * given, and the public key as an X.509 SubjectPublicKeyInfo PEM beside it for export. Created on first
 * use. Instances are immutable and thread-safe ({@link #sign} creates a Signature per call).
 */
public final class ArchiveKeys {
    /** The environment variable the server reads the key passphrase from. */
    public static final String PASSPHRASE_ENV = "IMGATE_KEY_PASSPHRASE";
    static final String PRIVATE_KEY_FILE = "archive-signing-key.pem";
    static final String PUBLIC_KEY_FILE = "archive-signing-key.pub.pem";
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveKeys.class);
    private static final Provider BC = new BouncyCastleProvider();

    private final KeyPair pair;
    private final Path publicKeyFile;

    private ArchiveKeys(KeyPair pair, Path publicKeyFile) {
        this.pair = pair;
        this.publicKeyFile = publicKeyFile;
    }

    /**
     * Loads the key pair from {@code keysDir}, creating it (and the directory, mode 700) when absent.
     *
     * @param passphrase encrypts a new private key and decrypts an existing one; {@code null} for none
     * @throws JournalException naming the file when it cannot be read, written or decrypted
     */
    public static ArchiveKeys loadOrCreate(Path keysDir, char[] passphrase) throws JournalException {
        Path priv = keysDir.resolve(PRIVATE_KEY_FILE);
        Path pub = keysDir.resolve(PUBLIC_KEY_FILE);
        if (Files.exists(priv)) {
            warnIfReadableByOthers(priv);
            PrivateKey key = readPrivateKey(priv, passphrase);
            PublicKey publicKey = ((EdDSAPrivateKey) key).getPublicKey();
            if (!Files.exists(pub)) {
                writeAtomically(pub, pem(publicKey), "rw-r--r--");
            } else if (!sameKey(readPublicKey(pub), publicKey)) {
                throw new JournalException("public key file " + pub + " does not belong to the private key " + priv
                        + "; verifiers given it would reject every checkpoint. Restore it, or delete it to have it"
                        + " re-exported");
            }
            return selfTested(new ArchiveKeys(new KeyPair(publicKey, key), pub), priv);
        }
        KeyPair pair = generate();
        try {
            Files.createDirectories(keysDir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new JournalException("cannot create key directory " + keysDir + ": " + e, e);
        }
        writeAtomically(priv, privatePem(pair.getPrivate(), passphrase, priv), "rw-------");
        writeAtomically(pub, pem(pair.getPublic()), "rw-r--r--");
        LOG.info("created archive signing key {} ({}), fingerprint {}", priv,
                passphrase == null ? "not encrypted" : "encrypted", fingerprint(pair.getPublic()));
        return selfTested(new ArchiveKeys(pair, pub), priv);
    }

    /** Signs and verifies once: proves the pair works, and loads the provider before the first checkpoint. */
    private static ArchiveKeys selfTested(ArchiveKeys keys, Path priv) throws JournalException {
        byte[] probe = "imgate-key-self-test".getBytes(StandardCharsets.US_ASCII);
        if (!verify(keys.publicKey(), probe, keys.sign(probe))) {
            throw new JournalException("archive signing key " + priv + " cannot produce verifiable signatures");
        }
        return keys;
    }

    /** The passphrase from {@value #PASSPHRASE_ENV}, or {@code null} when it is unset or empty. */
    public static char[] passphraseFromEnvironment() {
        String p = System.getenv(PASSPHRASE_ENV);
        return p == null || p.isEmpty() ? null : p.toCharArray();
    }

    /** Reads a public key PEM (as exported by {@link #publicKeyPem()}). */
    public static PublicKey readPublicKey(Path pemFile) throws JournalException {
        try (Reader r = Files.newBufferedReader(pemFile, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(r)) {
            Object o = parser.readObject();
            if (!(o instanceof SubjectPublicKeyInfo info)) {
                throw new JournalException(pemFile + " does not hold a PEM public key");
            }
            return new JcaPEMKeyConverter().setProvider(BC).getPublicKey(info);
        } catch (JournalException e) {
            throw e;
        } catch (IOException e) {
            throw new JournalException("cannot read public key " + pemFile + ": " + e, e);
        }
    }

    public PublicKey publicKey() {
        return pair.getPublic();
    }

    /** Where the public key of the key pair under {@code keysDir} is kept, whether or not it exists yet. */
    public static Path publicKeyFile(Path keysDir) {
        return keysDir.resolve(PUBLIC_KEY_FILE);
    }

    /** The public key file written beside the private key. */
    public Path publicKeyFile() {
        return publicKeyFile;
    }

    /** The public key as PEM, for export to whoever verifies the archive. */
    public String publicKeyPem() throws JournalException {
        return pem(pair.getPublic());
    }

    /** SHA-256 of the public key's SubjectPublicKeyInfo encoding, in hex: how reports name a key. */
    public static String fingerprint(PublicKey key) {
        return Hex.of(RecordFormat.sha256().digest(key.getEncoded()));
    }

    byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519", BC);
            s.initSign(pair.getPrivate());
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Whether {@code signature} is a valid Ed25519 signature of {@code message} by {@code key}. */
    static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519", BC);
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Decodes an X.509 SubjectPublicKeyInfo DER encoding of an Ed25519 key. */
    static PublicKey decodePublicKey(byte[] der) throws IOException {
        return new JcaPEMKeyConverter().setProvider(BC).getPublicKey(SubjectPublicKeyInfo.getInstance(der));
    }

    static boolean sameKey(PublicKey a, PublicKey b) {
        return MessageDigest.isEqual(a.getEncoded(), b.getEncoded());
    }

    private static void warnIfReadableByOthers(Path priv) {
        try {
            var perms = Files.getPosixFilePermissions(priv);
            perms.remove(java.nio.file.attribute.PosixFilePermission.OWNER_READ);
            perms.remove(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
            if (!perms.isEmpty()) {
                LOG.warn("archive signing key {} has mode {}; it should be rw------- (chmod 600)", priv,
                        PosixFilePermissions.toString(Files.getPosixFilePermissions(priv)));
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("cannot check the permissions of archive signing key {}: {}", priv, e.toString());
        }
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519", BC);
            g.initialize(255, new SecureRandom());
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 key generation failed", e);
        }
    }

    private static PrivateKey readPrivateKey(Path file, char[] passphrase) throws JournalException {
        Object o;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(r)) {
            o = parser.readObject();
        } catch (IOException e) {
            throw new JournalException("cannot read archive signing key " + file + ": " + e, e);
        }
        try {
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter().setProvider(BC);
            if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                if (passphrase == null) {
                    throw new JournalException("archive signing key " + file + " is encrypted: set "
                            + PASSPHRASE_ENV + " to its passphrase");
                }
                try {
                    PrivateKeyInfo info = enc.decryptPrivateKeyInfo(
                            new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(passphrase));
                    return conv.getPrivateKey(info);
                } catch (PKCSException | OperatorCreationException e) {
                    throw new JournalException("cannot decrypt archive signing key " + file
                            + ": wrong passphrase in " + PASSPHRASE_ENV + " (or the file is damaged)", e);
                }
            }
            if (o instanceof PrivateKeyInfo info) {
                if (passphrase != null) {
                    LOG.warn("archive signing key {} is not encrypted although a passphrase is set", file);
                }
                return conv.getPrivateKey(info);
            }
            throw new JournalException(file + " does not hold a PEM PKCS#8 private key");
        } catch (IOException e) {
            if (e instanceof JournalException je) {
                throw je;
            }
            throw new JournalException("cannot load archive signing key " + file + ": " + e, e);
        }
    }

    private static String privatePem(PrivateKey key, char[] passphrase, Path file) throws JournalException {
        try {
            OutputEncryptor encryptor = null;
            if (passphrase != null) {
                encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                        .setProvider(BC).setRandom(new SecureRandom()).setIterationCount(100_000)
                        .setPassword(passphrase).build();
            }
            StringWriter sw = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
                w.writeObject(new JcaPKCS8Generator(key, encryptor));
            }
            return sw.toString();
        } catch (IOException | OperatorCreationException e) {
            throw new JournalException("cannot encode archive signing key for " + file + ": " + e, e);
        }
    }

    private static String pem(PublicKey key) throws JournalException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            w.writeObject(key);
        } catch (IOException e) {
            throw new JournalException("cannot encode public key: " + e, e);
        }
        return sw.toString();
    }

    private static void writeAtomically(Path file, String content, String mode) throws JournalException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
            Files.writeString(tmp, content, StandardCharsets.US_ASCII);
            Durable.fsync(tmp);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            Durable.fsyncDirectory(file.getParent());
        } catch (IOException e) {
            throw new JournalException("cannot write " + file + ": " + e, e);
        }
    }
}
