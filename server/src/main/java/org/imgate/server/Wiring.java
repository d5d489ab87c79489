package org.imgate.server;

import org.imgate.policy.PolicyEngine;
import org.imgate.policy.PolicyLoader;
import org.imgate.policy.yaml.YamlBinder;
import org.imgate.policy.yaml.YamlException;
import org.imgate.server.config.ImgateConfig;

import java.nio.file.Path;

/**
 * Connects the command line to the archive and policy modules; the only class in {@code server}
 * that constructs their types.
 *
 * <p><b>Incomplete on purpose.</b> The policy engine and the archive journal are being written in
 * their modules. Until they land:
 * <ul>
 *   <li>{@link #checkPolicy} checks only that the policy file exists and is well-formed YAML, and
 *       says so in its summary; it must become: load the rules with the policy module's loader.</li>
 *   <li>{@link #start}, {@link #verifyJournal} and {@link #signingPublicKeyPem} throw
 *       {@link NotWiredException}; they must become: open the journal (with
 *       {@code archive.failure-mode}), build the policy engine and gate, bind the MSN and XMPP
 *       listeners; run the journal verifier; read the public half of the signing key.</li>
 * </ul>
 * Everything around these calls (options, configuration, data directory, messages, exit codes)
 * is complete and tested against fakes of {@link Backends}.
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
    public AutoCloseable start(ImgateConfig config) {
        throw new NotWiredException("the archive journal, policy engine and listeners");
    }

    @Override
    public JournalReport verifyJournal(ImgateConfig config) {
        throw new NotWiredException("the archive journal verifier");
    }

    @Override
    public String signingPublicKeyPem(ImgateConfig config) {
        throw new NotWiredException("the archive signing key store");
    }
}
