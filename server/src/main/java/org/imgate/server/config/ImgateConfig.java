package org.imgate.server.config;

import org.imgate.archive.ArchiveConfig;
import org.imgate.policy.PolicyConfig;
import org.imgate.proxy.MsnConfig;
import org.imgate.proxy.XmppConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The whole configuration of one imgate node, composed of one record per module. Every value is
 * present and every path is absolute (relative paths in the file were resolved against the working
 * directory of the command); nothing reads the file again after start.
 *
 * <p>Immutable and thread-safe.
 *
 * @param dataDir  absolute directory holding journal/, keys/ and state/, and index/ unless moved
 * @param indexDir absolute directory of the search index ({@code search.index-dir}, by default
 *                 {@code index/} under {@code dataDir})
 * @param nodeId   names this node's hash chain in the journal
 * @param archive  the {@code archive:} section
 * @param xmpp     the {@code xmpp:} section
 * @param msn      the {@code msn:} section
 * @param policy   the {@code policy:} section, its file absolute
 */
public record ImgateConfig(
        Path dataDir,
        Path indexDir,
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
        Objects.requireNonNull(indexDir, "indexDir");
        if (!indexDir.isAbsolute()) {
            throw new IllegalArgumentException("indexDir must be absolute: " + indexDir);
        }
        String clash = indexDirClash(dataDir, indexDir);
        if (clash != null) {
            throw new IllegalArgumentException(clash);
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

    /** Where the search index lives when {@code search.index-dir} is not set. */
    public static Path defaultIndexDir(Path dataDir) {
        return dataDir.resolve("index");
    }

    /**
     * Why {@code indexDir} cannot hold the search index beside {@code dataDir}, or {@code null} when it can.
     * A rebuild clears the index's directory, so it must not be, hold or sit inside what the journal, the
     * keys or the state live in (a rebuild refuses to clear a directory with other files in it, but that
     * would stop the node at its first rebuild instead of at start-up).
     */
    public static String indexDirClash(Path dataDir, Path indexDir) {
        Path index = indexDir.normalize();
        if (dataDir.normalize().equals(index)) {
            return "index-dir " + indexDir + " is data-dir itself; give the index a directory of its own";
        }
        if (dataDir.normalize().startsWith(index)) {
            return "index-dir " + indexDir + " holds data-dir " + dataDir + "; give the index a directory of its own";
        }
        for (String child : List.of("journal", "keys", "state")) {
            if (index.startsWith(dataDir.resolve(child).normalize())) {
                return "index-dir " + indexDir + " is inside data-dir's " + child + "/; give the index a directory of its own";
            }
        }
        return null;
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
