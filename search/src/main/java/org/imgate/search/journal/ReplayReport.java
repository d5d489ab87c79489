package org.imgate.search.journal;

import java.time.Duration;
import java.util.Objects;

/**
 * What a replay of the journal into the index did. Immutable.
 *
 * @param fromSeq     the first sequence number asked for
 * @param throughSeq  the last sequence number read, or {@code fromSeq - 1} when there was nothing to read
 * @param records     journal records read
 * @param indexed     decisions indexed
 * @param unparseable decisions that could not be decoded (logged with their sequence numbers)
 * @param took        how long it took
 */
public record ReplayReport(long fromSeq, long throughSeq, long records, long indexed, long unparseable,
                           Duration took) {
    public ReplayReport {
        Objects.requireNonNull(took, "took");
    }

    /** Records read per second. */
    public double recordsPerSecond() {
        double seconds = Math.max(took.toNanos(), 1) / 1e9;
        return records / seconds;
    }

    /** One line for logs and the terminal. */
    public String describe() {
        return String.format(java.util.Locale.ROOT,
                "%d journal records (seq %d-%d), %d decisions indexed, %d unparseable, in %.1f s (%.0f records/s)",
                records, fromSeq, throughSeq, indexed, unparseable, took.toMillis() / 1000.0, recordsPerSecond());
    }
}
