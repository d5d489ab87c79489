package org.imgate.archive;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Everything {@link Journal#open} needs. Immutable apart from the passphrase array, which the caller
 * owns (the journal reads it once, at open).
 *
 * @param dataDir       the data directory: {@code journal/<nodeId>/}, {@code keys/} and {@code state/offsets/} live under it
 * @param nodeId        names this node's hash chain
 * @param config        the {@code archive:} configuration
 * @param clock         stamps records and judges retention
 * @param keyPassphrase encrypts/decrypts the signing key, or {@code null} for an unencrypted key
 * @param queueCapacity the most appends waiting for the disk before {@code append} fails fast;
 *                      0 for the default (the larger of 65,536 and four batches)
 */
public record JournalSettings(Path dataDir, String nodeId, ArchiveConfig config, Clock clock, char[] keyPassphrase,
                              int queueCapacity) {
    public JournalSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Segments.requireValidNodeId(nodeId);
        config = config == null ? ArchiveConfig.defaults() : config;
        clock = clock == null ? Clock.systemUTC() : clock;
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("queue capacity must not be negative");
        }
        if (queueCapacity == 0) {
            queueCapacity = Math.max(65_536, 4 * config.maxBatch());
        }
    }

    public JournalSettings(Path dataDir, String nodeId, ArchiveConfig config, Clock clock, char[] keyPassphrase) {
        this(dataDir, nodeId, config, clock, keyPassphrase, 0);
    }

    /** {@code data/journal/<nodeId>}. */
    public Path journalDir() {
        return Segments.journalDir(dataDir, nodeId);
    }

    /** {@code data/keys}. */
    public Path keysDir() {
        return dataDir.resolve("keys");
    }

    /** {@code data/state/offsets}. */
    public Path offsetsDir() {
        return dataDir.resolve("state").resolve("offsets");
    }
}
