package org.imgate.server;

import org.imgate.policy.yaml.YamlException;
import org.imgate.server.config.ImgateConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/** A stand-in for the archive and policy modules: answers set by the test, calls recorded. */
final class FakeBackends implements Backends {
    final AtomicReference<ImgateConfig> started = new AtomicReference<>();
    final CountDownLatch startedLatch = new CountDownLatch(1);
    final CountDownLatch closed = new CountDownLatch(1);
    volatile String policySummary = "3 rules";
    volatile YamlException policyError;
    volatile JournalReport report = new JournalReport("2 segments, 120 records, 1 chain, 3 checkpoints", List.of());
    volatile RuntimeException verifyFailure;
    volatile String pem = "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAfake\n-----END PUBLIC KEY-----\n";

    @Override
    public String checkPolicy(Path policyFile) throws YamlException {
        if (policyError != null) {
            throw policyError;
        }
        return policySummary;
    }

    @Override
    public AutoCloseable start(ImgateConfig config) {
        started.set(config);
        startedLatch.countDown();
        return closed::countDown;
    }

    @Override
    public JournalReport verifyJournal(ImgateConfig config, Path publicKey) {
        if (verifyFailure != null) {
            throw verifyFailure;
        }
        return report;
    }

    @Override
    public org.imgate.server.admin.ArchiveWriter archiveWriter(ImgateConfig config) {
        throw new IllegalStateException("the CLI tests with fake backends write no journal");
    }

    @Override
    public String caInit(ImgateConfig config, String commonName) {
        throw new IllegalStateException("the CLI tests with fake backends create no CA");
    }

    @Override
    public String caImport(ImgateConfig config, Path source, char[] password) {
        throw new IllegalStateException("the CLI tests with fake backends import no CA");
    }

    @Override
    public String caCertificatePem(ImgateConfig config) {
        throw new IllegalStateException("the CLI tests with fake backends have no CA");
    }

    @Override
    public String signingPublicKeyPem(ImgateConfig config) {
        return pem;
    }
}
