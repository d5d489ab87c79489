package org.imgate.server.config;

import org.imgate.archive.ArchiveConfig;
import org.imgate.policy.PolicyConfig;
import org.imgate.proxy.MsnConfig;
import org.imgate.proxy.XmppConfig;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The whole configuration of one imgate node, composed of one record per module. Every value is
 * present and every path is absolute (relative paths in the file were resolved against the working
 * directory of the command); nothing reads the file again after start.
 *
 * <p>Immutable and thread-safe.
 *
 * @param dataDir absolute directory holding journal/, index/, keys/ and state/
 * @param nodeId  names this node's hash chain in the journal
 * @param archive the {@code archive:} section
 * @param xmpp    the {@code xmpp:} section
 * @param msn     the {@code msn:} section
 * @param policy  the {@code policy:} section, its file absolute
 */
public record ImgateConfig(
        Path dataDir,
        String nodeId,
        ArchiveConfig archive,
        XmppConfig xmpp,
        MsnConfig msn,
        PolicyConfig policy) {

    public ImgateConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(archive, "archive");
        Objects.requireNonNull(xmpp, "xmpp");
        Objects.requireNonNull(msn, "msn");
        Objects.requireNonNull(policy, "policy");
        if (!dataDir.isAbsolute()) {
            throw new IllegalArgumentException("dataDir must be absolute: " + dataDir);
        }
        new NodeId(Objects.requireNonNull(nodeId, "nodeId"));
        if (!policy.file().isAbsolute()) {
            throw new IllegalArgumentException("policy.file must be absolute: " + policy.file());
        }
    }

    /** The append-only journal segments. */
    public Path journalDir() {
        return dataDir.resolve("journal");
    }

    /** The Lucene index, derived from the journal. */
    public Path indexDir() {
        return dataDir.resolve("index");
    }

    /** The enterprise CA and the archive signing key (owner-only). */
    public Path keysDir() {
        return dataDir.resolve("keys");
    }

    /** Mutable operational state (inventory, campaigns, schedules). */
    public Path stateDir() {
        return dataDir.resolve("state");
    }
}
