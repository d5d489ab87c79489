package org.imgate.search;

import java.util.Objects;
import org.imgate.core.Decision;

/**
 * One journal record as the indexer receives it: the decision and where the journal keeps it. The pair
 * {@code (nodeId, seq)} identifies the record across the cluster, so indexing the same record twice (a
 * replay after a crash) replaces it instead of duplicating it. Immutable and thread-safe.
 *
 * @param seq      the record's sequence number in its node's journal, {@code >= 0}
 * @param nodeId   the node whose hash chain holds the record
 * @param decision the archived decision
 */
public record IndexedDecision(long seq, String nodeId, Decision decision) {
    public IndexedDecision {
        if (seq < 0) {
            throw new IllegalArgumentException("journal sequence number must be >= 0, was " + seq);
        }
        Objects.requireNonNull(nodeId, "node id");
        if (nodeId.isBlank()) {
            throw new IllegalArgumentException("node id must not be blank");
        }
        Objects.requireNonNull(decision, "decision");
    }
}
