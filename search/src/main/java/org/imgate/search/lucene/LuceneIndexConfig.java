package org.imgate.search.lucene;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * Settings of the embedded index. Immutable and thread-safe.
 *
 * @param directory       where the index lives ({@code data/index})
 * @param zone            the time zone of dates in queries and of the day facet
 * @param refreshInterval how often newly indexed records become searchable on their own; a node's index
 *                        refreshes on demand and only rarely in the background (ADR 0013)
 * @param commitInterval  how often the index is made durable with the journal offsets reached; a crash
 *                        loses at most this much indexing, which is redone from the journal
 * @param ramBufferMb     the indexing buffer before a segment is flushed
 * @param verification    how thoroughly the index is checked at open
 */
public record LuceneIndexConfig(Path directory, ZoneId zone, Duration refreshInterval, Duration commitInterval,
                                double ramBufferMb, Verification verification) {

    public LuceneIndexConfig {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(zone, "zone");
        requirePositive(refreshInterval, "refresh interval");
        requirePositive(commitInterval, "commit interval");
        if (!(ramBufferMb >= 1)) {
            throw new IllegalArgumentException("RAM buffer must be at least 1 MB, was " + ramBufferMb);
        }
        Objects.requireNonNull(verification, "verification");
    }

    /** Defaults for an index at {@code directory}: UTC, refresh every 200 ms, commit every 10 s. */
    public static LuceneIndexConfig defaults(Path directory) {
        return new LuceneIndexConfig(directory, ZoneOffset.UTC, Duration.ofMillis(200), Duration.ofSeconds(10),
                64, Verification.STRUCTURE);
    }

    public LuceneIndexConfig withZone(ZoneId newZone) {
        return new LuceneIndexConfig(directory, newZone, refreshInterval, commitInterval, ramBufferMb, verification);
    }

    public LuceneIndexConfig withVerification(Verification level) {
        return new LuceneIndexConfig(directory, zone, refreshInterval, commitInterval, ramBufferMb, level);
    }

    public LuceneIndexConfig withIntervals(Duration refresh, Duration commit) {
        return new LuceneIndexConfig(directory, zone, refresh, commit, ramBufferMb, verification);
    }

    public LuceneIndexConfig withRamBufferMb(double megabytes) {
        return new LuceneIndexConfig(directory, zone, refreshInterval, commitInterval, megabytes, verification);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + d);
        }
    }

    /** How much of the index is read to check it when it is opened. */
    public enum Verification {
        /** Read the commit and every segment's metadata: catches missing, truncated and foreign files. Fast. */
        STRUCTURE,
        /** Also verify the checksum of every file: catches any flipped byte, reads the whole index. */
        CHECKSUMS
    }
}
