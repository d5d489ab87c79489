package org.imgate.archive;

import org.imgate.core.FailureMode;

import java.time.Duration;
import java.time.LocalTime;
import java.time.Period;

/**
 * The {@code archive:} section of the configuration. Missing keys take the defaults below.
 *
 * @param failureMode        closed (default): nothing is delivered unarchived; open: deliver and log
 * @param retention          default retention of a record (default P7Y)
 * @param segmentBytes       a segment is closed and a new one started past this size (default 64 MiB)
 * @param checkpointEvery    write a signed checkpoint after this many records (default 10,000)
 * @param checkpointInterval ... or after this much time with unsigned records (default 5 s)
 * @param commitWindow       the longest a record waits for others to share its fsync (default 1 ms; it waits
 *                           only while appends have lately come closer together than that, so a lone record
 *                           is written at once; 0: never wait, records arriving during an fsync share the next)
 * @param maxBatch           the most records one fsync covers (default 4,096)
 * @param purgeAt            the local time of day the retention purge runs (default 03:15)
 */
public record ArchiveConfig(
        FailureMode failureMode,
        Period retention,
        Long segmentBytes,
        Integer checkpointEvery,
        Duration checkpointInterval,
        Duration commitWindow,
        Integer maxBatch,
        LocalTime purgeAt) {

    /** Measured on the XMPP load benchmark: at 2,000 msgs/s it nearly halves the fsyncs (docs/performance.md). */
    public static final Duration DEFAULT_COMMIT_WINDOW = Duration.ofMillis(1);

    public ArchiveConfig {
        failureMode = failureMode == null ? FailureMode.CLOSED : failureMode;
        retention = retention == null ? Period.ofYears(7) : retention;
        segmentBytes = segmentBytes == null ? 64L << 20 : segmentBytes;
        checkpointEvery = checkpointEvery == null ? 10_000 : checkpointEvery;
        checkpointInterval = checkpointInterval == null ? Duration.ofSeconds(5) : checkpointInterval;
        commitWindow = commitWindow == null ? DEFAULT_COMMIT_WINDOW : commitWindow;
        maxBatch = maxBatch == null ? 4096 : maxBatch;
        purgeAt = purgeAt == null ? LocalTime.of(3, 15) : purgeAt;
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be a positive period such as P7Y");
        }
        if (segmentBytes < 64 * 1024) {
            throw new IllegalArgumentException("segment-bytes must be at least 65536");
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpoint-every must be at least 1");
        }
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("checkpoint-interval must be positive");
        }
        if (commitWindow.isNegative() || commitWindow.compareTo(Duration.ofMillis(100)) > 0) {
            throw new IllegalArgumentException("commit-window must be between 0 and 100 ms");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("max-batch must be at least 1");
        }
    }

    public ArchiveConfig(FailureMode failureMode, Period retention, Long segmentBytes, Integer checkpointEvery,
                         Duration checkpointInterval, Duration commitWindow, Integer maxBatch) {
        this(failureMode, retention, segmentBytes, checkpointEvery, checkpointInterval, commitWindow, maxBatch, null);
    }

    public static ArchiveConfig defaults() {
        return new ArchiveConfig(null, null, null, null, null, null, null, null);
    }
}
