package org.imgate.server;

import org.imgate.policy.yaml.YamlException;
import org.imgate.server.admin.ArchiveWriter;
import org.imgate.server.config.ImgateConfig;

import java.nio.file.Path;

/**
 * What the command line needs from the other modules: the policy loader, the running proxy with
 * its archive, the journal verifier and the signing key. {@link Wiring} is the production
 * implementation; tests use fakes so that every verb's options, messages and exit codes are
 * checked on their own.
 *
 * <p>Implementations must be thread-safe; the command line calls one method per run.
 */
public interface Backends {

    /**
     * Loads and validates the policy file.
     *
     * @return a one-line summary for {@code config check} (e.g. how many rules)
     * @throws YamlException naming the policy file, line and key of the first mistake
     */
    String checkPolicy(Path policyFile) throws YamlException;

    /**
     * Starts everything {@code serve} runs. The archive is open and the listeners are bound when
     * this returns; closing the handle stops them in reverse order and makes the journal durable.
     */
    AutoCloseable start(ImgateConfig config) throws Exception;

    /**
     * Checks the whole journal under {@link ImgateConfig#journalDir()}: hash chain, signatures, gaps.
     *
     * @param publicKey the trusted public key file, or {@code null} for the one under {@code data/keys}
     */
    JournalReport verifyJournal(ImgateConfig config, Path publicKey) throws Exception;

    /**
     * Where an operator's journal writes (audit records, legal holds) go: through the running
     * server's admin channel when a server runs on this data directory, else through the journal
     * opened by this process. Close it when done.
     */
    ArchiveWriter archiveWriter(ImgateConfig config) throws Exception;

    /**
     * Creates the enterprise CA under {@link ImgateConfig#keysDir()}.
     *
     * @return a one-line description (subject, expiry, fingerprint)
     */
    String caInit(ImgateConfig config, String commonName) throws Exception;

    /** Imports an existing CA (PEM or PKCS#12) under {@link ImgateConfig#keysDir()}; returns a description. */
    String caImport(ImgateConfig config, Path source, char[] password) throws Exception;

    /** The enterprise CA certificate, PEM-encoded, for distribution to desktops. */
    String caCertificatePem(ImgateConfig config) throws Exception;

    /** The archive signing public key, PEM-encoded, from {@link ImgateConfig#keysDir()}. */
    String signingPublicKeyPem(ImgateConfig config) throws Exception;
}
