package org.imgate.server;

import org.imgate.policy.PolicyEngine;
import org.imgate.policy.PolicyLoader;
import org.imgate.policy.yaml.YamlBinder;
import org.imgate.policy.yaml.YamlException;
import org.imgate.archive.ArchiveKeys;
import org.imgate.archive.Journal;
import org.imgate.archive.JournalSettings;
import org.imgate.proxy.tls.EnterpriseCa;
import org.imgate.server.admin.AdminClient;
import org.imgate.server.admin.ArchiveWriter;
import org.imgate.server.admin.JournalArchiveWriter;
import org.imgate.archive.JournalVerifier;
import org.imgate.archive.VerifyReport;
import org.imgate.server.config.ImgateConfig;
import org.imgate.server.node.RunningNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import java.nio.file.Path;

/**
 * Connects the command line to the archive and policy modules; the only class in {@code server}
 * that constructs their types.
 *
 * <p>Thread-safe: stateless apart from the immutable binder.
 */
public final class Wiring implements Backends {
    private final YamlBinder yaml;

    public Wiring(YamlBinder yaml) {
        this.yaml = yaml;
    }

    @Override
    public String checkPolicy(Path policyFile) throws YamlException {
        PolicyEngine engine = new PolicyLoader(yaml).load(policyFile);
        int rules = engine.rules().size();
        return "version " + engine.version() + ", " + rules + (rules == 1 ? " rule" : " rules");
    }

    @Override
    public AutoCloseable start(ImgateConfig config) throws Exception {
        PolicyEngine policy = new PolicyLoader(yaml).load(config.policy());
        return RunningNode.start(config, policy, Clock.systemUTC());
    }

    /**
     * Verifies every node's chain under {@code data/journal/}. The trusted key is {@code publicKey}
     * when given (a copy kept away from this machine defeats someone who replaced the key pair and
     * re-signed), else the public key file beside the signing key.
     */
    @Override
    public JournalReport verifyJournal(ImgateConfig config, Path publicKey) throws Exception {
        Path keyFile = publicKey != null ? publicKey : ArchiveKeys.publicKeyFile(config.keysDir());
        if (!Files.isRegularFile(keyFile)) {
            throw new ConfigurationException(keyFile + ": no archive public key here"
                    + (publicKey == null ? "; has imgate serve ever run with this data-dir?" : ""));
        }
        PublicKey trusted = ArchiveKeys.readPublicKey(keyFile);
        List<Path> chains = nodeChains(config.journalDir());
        if (chains.isEmpty()) {
            return new JournalReport("no journal under " + config.journalDir() + " (nothing archived yet)", List.of());
        }
        JournalVerifier verifier = new JournalVerifier();
        List<String> problems = new ArrayList<>();
        List<String> summaries = new ArrayList<>();
        for (Path chain : chains) {
            VerifyReport report = verifier.verify(chain, trusted);
            report.problems().forEach(problem -> problems.add(problem.toString()));
            summaries.add(describe(report));
        }
        return new JournalReport(String.join(System.lineSeparator(), summaries) + System.lineSeparator()
                + "trusted key " + keyFile + " (fingerprint " + ArchiveKeys.fingerprint(trusted) + ")", problems);
    }

    private static String describe(VerifyReport report) {
        String signed = report.signedThroughSeq() >= 0
                ? "newest signed checkpoint vouches for seq " + report.signedThroughSeq() + " (" + report.signedAt() + ")"
                : "no signed checkpoint yet";
        return "node " + report.journalDir().getFileName() + ": " + report.segments() + " segments, "
                + report.recordsChecked() + " records checked, last seq " + report.lastSeq() + "; " + signed;
    }

    private static List<Path> nodeChains(Path journalRoot) throws IOException {
        if (!Files.isDirectory(journalRoot)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(journalRoot)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        }
    }

    @Override
    public ArchiveWriter archiveWriter(ImgateConfig config) throws Exception {
        Optional<AdminClient> running = AdminClient.connectIfRunning(config.dataDir());
        if (running.isPresent()) {
            return running.get();
        }
        return JournalArchiveWriter.owning(Journal.open(new JournalSettings(config.dataDir(), config.nodeId(),
                config.archive(), Clock.systemUTC(), ArchiveKeys.passphraseFromEnvironment())));
    }

    @Override
    public String caInit(ImgateConfig config, String commonName) throws Exception {
        return describe(EnterpriseCa.init(config.keysDir(), commonName, Clock.systemUTC()));
    }

    @Override
    public String caImport(ImgateConfig config, Path source, char[] password) throws Exception {
        return describe(EnterpriseCa.importFrom(config.keysDir(), source, password));
    }

    /** What an operator compares with what desktops show: subject, expiry and SHA-256 fingerprint. */
    private static String describe(EnterpriseCa ca) throws Exception {
        X509Certificate cert = ca.certificate();
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
        StringBuilder fingerprint = new StringBuilder();
        for (byte b : digest) {
            fingerprint.append(fingerprint.length() == 0 ? "" : ":").append(String.format("%02X", b));
        }
        return "CA " + cert.getSubjectX500Principal().getName() + ", valid until " + cert.getNotAfter().toInstant()
                + ", SHA-256 fingerprint " + fingerprint;
    }

    @Override
    public String caCertificatePem(ImgateConfig config) throws Exception {
        return EnterpriseCa.load(config.keysDir()).certificatePem();
    }

    @Override
    public String signingPublicKeyPem(ImgateConfig config) throws Exception {
        Path keyFile = ArchiveKeys.publicKeyFile(config.keysDir());
        if (!Files.isRegularFile(keyFile)) {
            throw new ConfigurationException(keyFile + ": no archive signing key yet; imgate serve creates it on first start");
        }
        return Files.readString(keyFile, StandardCharsets.US_ASCII);
    }
}
