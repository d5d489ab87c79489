package org.imgate.archive;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The journal's single writer thread: takes pending appends off the queue, gathers into a batch what
 * is already waiting (and, with a non-zero commit window, what keeps arriving for at most that window),
 * chains and writes them, makes them durable with one fsync (group commit), and only then hands them
 * to the {@link CommitCompleter}, which completes their futures while this thread goes on with the next
 * batch (or, with no next batch waiting, right here). A lone record at a quiet time is written at once;
 * a steady stream lingers up to the window to share fsyncs (ADR 0016); with a window of 0, batches form
 * only from the records that arrive while an fsync runs. Adds signed checkpoints every N records or T
 * of time, and rolls to a new segment past the size limit. Any write or fsync
 * failure fails the whole batch and breaks the writer for good: nothing after it is reported durable.
 * All mutable state is confined to the writer thread; {@link #currentSegment()} and
 * {@link #broken()} are published through volatiles.
 */
final class JournalWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
    private static final long IDLE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** The shortest pause in arrivals that ends a batch early (timer resolution makes shorter ones moot). */
    private static final long MIN_GAP_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    /** Weight of the newest batch in the running estimate of the spacing between arrivals (1/8). */
    private static final int SPACING_SHIFT = 3;

    /** One append waiting for the disk; {@code queuedNanos} ({@link System#nanoTime()}) says since when. */
    record Pending(RecordType type, byte[] payload, Period retention, CompletableFuture<Long> future,
                   long queuedNanos) {
    }

    /** Told about every commit, on the writer thread. */
    interface CommitListener {
        void committed(long lastSeq);
    }

    private final Path dir;
    private final String nodeId;
    private final byte[] nodeIdBytes;
    private final ArchiveConfig config;
    private final Clock clock;
    private final ArchiveKeys keys;
    private final SegmentChannel.Factory channels;
    private final BlockingQueue<Pending> queue;
    private final CommitListener listener;
    private final MessageDigest sha = RecordFormat.sha256();
    private final CommitCompleter completer;
    private final CheckpointFiles checkpointFiles;
    private List<Pending> batch = new ArrayList<>();
    private final long windowNanos;
    /** Running estimate of the time between two appends' arrivals; steers how long a batch lingers. */
    private long spacingNanos = Long.MAX_VALUE;
    /** When the previous batch was gathered (0: none yet). */
    private long lastGatherNanos;
    /** When the batch being committed started gathering (for {@link JournalCommitEvent}). */
    private long gatherStartNanos;
    private final long intervalNanos;
    private ByteBuffer buf = ByteBuffer.allocate(1 << 20);

    private long lastSeq;
    private byte[] lastHash;
    private SegmentChannel channel;
    private long segmentSize;
    private long segmentRecords;
    private long unsigned;
    private long lastCheckpointNanos = System.nanoTime();
    private final CommitMarker marker;
    private boolean markerWarned;
    private long cachedNow = Long.MIN_VALUE;
    private Period cachedRetention;
    private long cachedRetainUntil;
    private volatile Path currentSegment;
    private volatile JournalException broken;
    private volatile boolean stopping;

    JournalWriter(Path dir, String nodeId, ArchiveConfig config, Clock clock, ArchiveKeys keys,
                  SegmentChannel.Factory channels, BlockingQueue<Pending> queue, JournalRecovery.State state,
                  CommitListener listener, CommitCompleter completer) throws JournalException {
        this.dir = dir;
        this.nodeId = nodeId;
        this.nodeIdBytes = nodeId.getBytes(StandardCharsets.UTF_8);
        this.config = config;
        this.clock = clock;
        this.keys = keys;
        this.channels = channels;
        this.queue = queue;
        this.listener = listener;
        this.completer = completer;
        this.checkpointFiles = new CheckpointFiles(nodeId, this::writeCheckpointFile);
        this.windowNanos = config.commitWindow().toNanos();
        this.intervalNanos = config.checkpointInterval().toNanos();
        this.lastSeq = state.lastSeq();
        this.lastHash = state.lastHash();
        this.marker = CommitMarker.open(dir);
        publishCommitted();
        if (state.lastSegment() != null) {
            try {
                channel = channels.open(state.lastSegment(), false);
                segmentSize = java.nio.file.Files.size(state.lastSegment());
            } catch (IOException e) {
                throw new JournalException("cannot open segment " + state.lastSegment() + " for writing: " + e, e);
            }
            segmentRecords = state.lastSegmentRecords();
            currentSegment = state.lastSegment();
        }
    }

    Path currentSegment() {
        return currentSegment;
    }

    JournalException broken() {
        return broken;
    }

    void requestStop() {
        stopping = true;
    }

    @Override
    public void run() {
        try {
            while (true) {
                long wait = unsigned > 0
                        ? Math.max(0, Math.min(IDLE_POLL_NANOS, lastCheckpointNanos + intervalNanos - System.nanoTime()))
                        : IDLE_POLL_NANOS;
                Pending first = queue.poll(wait, TimeUnit.NANOSECONDS);
                if (first == null) {
                    if (stopping && queue.isEmpty()) {
                        break;
                    }
                    if (unsigned > 0 && checkpointDue()) {
                        commit(true);
                    }
                    continue;
                }
                gather(first);
                commit(false);
            }
            if (broken == null && unsigned > 0) {
                commit(true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // the writer cannot go on: nobody may wait forever for a future, and nothing more may be reported durable
            broken = new JournalException("journal writer of " + dir + " stopped: " + e, e);
            failBatch(broken);
            Pending p;
            while ((p = queue.poll()) != null) {
                p.future().completeExceptionally(broken);
            }
            throw e;
        } finally {
            closeChannel();
        }
    }

    /**
     * Fills the batch: everything already queued, then, with a non-zero commit window, whatever keeps
     * arriving for at most that window. It lingers only while company is expected: when appends have
     * lately arrived closer together than the window, and until a pause of twice their usual spacing
     * brings none. So a steady stream (a proxy's messages) shares fsyncs, while a lone record
     * at a quiet time, or a burst whose appenders all wait for this very fsync, is written at once.
     */
    private void gather(Pending first) {
        gatherStartNanos = System.nanoTime();
        batch.add(first);
        int max = config.maxBatch();
        queue.drainTo(batch, max - batch.size());
        if (batch.size() < max && windowNanos > 0 && !stopping && spacingNanos < windowNanos) {
            // The window runs from the oldest append's arrival, not from when this thread got to it: an append
            // that already waited (behind the previous batch's fsync, or for this thread to get a core) is not
            // held again; its batch is written at once.
            long deadline = first.queuedNanos() + windowNanos;
            long gap = Math.max(MIN_GAP_NANOS, 2 * spacingNanos);
            while (batch.size() < max) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                // Sleeps rather than waits on the queue: an append while the batch lingers then costs its
                // appender no wake-up call and this thread no switch; what came meanwhile is taken at once.
                LockSupport.parkNanos(Math.min(left, gap));
                if (queue.drainTo(batch, max - batch.size()) == 0) {
                    break;
                }
            }
        }
        if (windowNanos > 0) {
            noteSpacing();
        }
    }

    /**
     * Updates the spacing estimate: this batch's appends arrived since the previous batch was gathered.
     * A sample is capped at twice the window, so that a stream resuming after a quiet time shares fsyncs
     * again within a few batches.
     */
    private void noteSpacing() {
        long now = System.nanoTime();
        if (lastGatherNanos != 0) {
            long spacing = Math.min((now - lastGatherNanos) / batch.size(), 2 * windowNanos);
            spacingNanos = spacingNanos == Long.MAX_VALUE ? spacing
                    : spacingNanos + ((spacing - spacingNanos) >> SPACING_SHIFT);
        }
        lastGatherNanos = now;
    }

    private boolean checkpointDue() {
        return unsigned >= config.checkpointEvery() || System.nanoTime() - lastCheckpointNanos >= intervalNanos;
    }

    /** Writes the batch (and a checkpoint if due or {@code forceCheckpoint}), fsyncs, completes futures. */
    private void commit(boolean forceCheckpoint) {
        if (broken != null) {
            failBatch(broken);
            return;
        }
        Checkpoint checkpoint = null;
        long[] seqs = new long[batch.size()];
        long writeStart = System.nanoTime();
        long syncStart;
        try {
            long now = clock.millis();
            for (int i = 0; i < batch.size(); i++) {
                Pending p = batch.get(i);
                seqs[i] = appendRecord(p.type(), p.payload(), now, retainUntil(now, p.retention()));
                unsigned++;
            }
            if (unsigned > 0 && (forceCheckpoint || checkpointDue())) {
                checkpoint = Checkpoint.sign(keys, nodeId, lastSeq, lastHash, now);
                appendRecord(RecordType.CHECKPOINT, checkpoint.toJson(), now, retainUntil(now, config.retention()));
            }
            flush();
            syncStart = System.nanoTime();
            channel.force();
        } catch (IOException | RuntimeException e) {
            broken = new JournalException("journal write to " + currentSegment + " failed: " + e
                    + "; the records of this batch are not durable and the journal accepts no more appends", e);
            LOG.error("journal {}: write failed, {} appends in the batch failed: {}", dir, batch.size(), e.toString());
            failBatch(broken);
            return;
        }
        if (checkpoint != null) {
            unsigned = 0;
            lastCheckpointNanos = System.nanoTime();
        }
        // Readers must see the records before their appenders hear of them.
        recordCommit(writeStart, syncStart, System.nanoTime());
        publishCommitted();
        listener.committed(lastSeq);
        // Callers' callbacks overlap the next batch's fsync on the completer thread, or run here when no
        // next batch is waiting.
        completer.complete(batch, seqs, queue.isEmpty());
        batch = new ArrayList<>();
        if (checkpoint != null) {
            checkpointFiles.writeLater(checkpoint);
        }
    }

    private void recordCommit(long writeStart, long syncStart, long synced) {
        JournalCommitEvent event = new JournalCommitEvent();
        if (event.shouldCommit()) {
            event.records = batch.size();
            // a checkpoint-only commit (empty batch) did not gather
            event.lingered = batch.isEmpty() ? 0 : writeStart - gatherStartNanos;
            event.written = syncStart - writeStart;
            event.synced = synced - syncStart;
            event.oldestWait = batch.isEmpty() ? 0 : synced - batch.get(0).queuedNanos();
            event.commit();
        }
    }

    private void publishCommitted() {
        try {
            marker.publish(lastSeq);
        } catch (IOException e) {
            if (!markerWarned) {
                markerWarned = true;
                LOG.warn("journal {}: cannot update {} for readers in other processes: {}", dir, CommitMarker.FILE,
                        e.toString());
            }
        }
    }

    /** On the checkpoint-file thread: the record is durable already; a failure stops further appends. */
    private void writeCheckpointFile(Checkpoint checkpoint) {
        Path file = dir.resolve(Segments.CHECKPOINT_FILE);
        try {
            Durable.replace(file, checkpoint.toJson());
        } catch (IOException e) {
            broken = new JournalException("cannot write " + file + ": " + e
                    + "; the journal accepts no more appends until this is fixed", e);
            LOG.error("journal {}: {}", dir, broken.getMessage());
        }
    }

    private long appendRecord(RecordType type, byte[] payload, long now, long retainUntil) throws IOException {
        int len = RecordFormat.recordLength(nodeIdBytes.length, payload.length);
        if (channel == null) {
            roll();
        } else if (segmentRecords > 0 && segmentSize + buf.position() + len > config.segmentBytes()) {
            flush();
            roll();
        }
        if (buf.remaining() < len) {
            flush();
            if (buf.capacity() < len) {
                buf = ByteBuffer.allocate(len);
            }
        }
        long seq = lastSeq + 1;
        lastHash = RecordFormat.encode(buf, sha, nodeIdBytes, seq, now, type, retainUntil, lastHash, payload);
        lastSeq = seq;
        segmentRecords++;
        return seq;
    }

    private void flush() throws IOException {
        buf.flip();
        int n = buf.remaining();
        channel.write(buf);
        segmentSize += n;
        buf.clear();
    }

    private void roll() throws IOException {
        if (channel != null) {
            channel.force();
            channel.close();
            channel = null;
        }
        long first = lastSeq + 1;
        Path file = dir.resolve(Segments.fileName(first));
        currentSegment = file;
        channel = channels.open(file, true);
        ByteBuffer header = RecordFormat.header(nodeIdBytes, first, lastHash);
        int n = header.remaining();
        channel.write(header);
        channel.force();
        Durable.fsyncDirectory(dir);
        segmentSize = n;
        segmentRecords = 0;
        LOG.info("journal {}: started segment {}", dir, file.getFileName());
    }

    private void failBatch(JournalException cause) {
        for (Pending p : batch) {
            p.future().completeExceptionally(cause);
        }
        batch.clear();
    }

    private void closeChannel() {
        checkpointFiles.close();
        try {
            marker.close();
        } catch (IOException e) {
            LOG.warn("journal {}: closing {} failed: {}", dir, CommitMarker.FILE, e.toString());
        }
        if (channel == null) {
            return;
        }
        try {
            if (broken == null) {
                channel.force();
            }
            channel.close();
        } catch (IOException e) {
            LOG.error("journal {}: closing segment {} failed: {}", dir, currentSegment, e.toString());
        }
        channel = null;
    }

    private long retainUntil(long now, Period retention) {
        // a batch shares one timestamp and almost always one retention: compute the date arithmetic once
        if (now != cachedNow || !retention.equals(cachedRetention)) {
            cachedNow = now;
            cachedRetention = retention;
            cachedRetainUntil = Instant.ofEpochMilli(now).atOffset(ZoneOffset.UTC).plus(retention).toInstant()
                    .toEpochMilli();
        }
        return cachedRetainUntil;
    }
}
