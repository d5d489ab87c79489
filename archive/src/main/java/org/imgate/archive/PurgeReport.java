package org.imgate.archive;

import java.util.List;

/**
 * What a purge did. Immutable.
 *
 * @param purgeSeq the sequence number of the PURGE record, or -1 when nothing was purged
 * @param removed  the segments removed
 * @param keptForHold how many otherwise expired segments were kept because a legal hold covers them
 */
public record PurgeReport(long purgeSeq, List<PurgedSegment> removed, int keptForHold) {
    public PurgeReport {
        removed = List.copyOf(removed);
    }

    public long recordsRemoved() {
        return removed.stream().mapToLong(PurgedSegment::records).sum();
    }
}
