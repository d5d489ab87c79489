package org.imgate.archive;

import org.imgate.core.Decision;
import org.imgate.core.DecisionSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The archive journal of one node: an append-only, hash-chained, periodically signed sequence of
 * records in segment files (docs/archive-format.md). {@link #append} never touches the disk on the
 * caller's thread: it queues the record and returns a future that completes with the record's
 * sequence number once it is on disk (fsync), or fails if it could not be written. One writer thread
 * does all I/O and shares each fsync among every record waiting (group commit).
 *
 * <p>Futures of durable records are completed in commit order: on the journal's completer thread while
 * the writer already writes the next batch, or on the writer thread itself when no next batch is waiting;
 * failed ones on the writer thread. Callbacks attached to them must not block (they delay every later
 * completion, and perhaps the next fsync) and must never wait for another append.
 * When more than {@link JournalSettings#queueCapacity()} appends wait for the disk, {@code append}
 * fails fast rather than buffering without bound.
 *
 * <p>Thread-safe. Takes an exclusive OS lock on the journal directory; close it to release.
 */
public final class Journal implements DecisionSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

    private final JournalSettings settings;
    private final Path dir;
    private final JournalLock lock;
    private final ArchiveKeys keys;
    private final BlockingQueue<JournalWriter.Pending> queue;
    private final JournalWriter writer;
    private final CommitCompleter completer;
    private final Thread writerThread;
    private final DecisionCodec codec = new DecisionCodec();
    private final Map<String, LegalHold> holds;
    private final Map<String, Long> holdSeqs;
    private final String recoveryReport;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object commitMonitor = new Object();
    private final Object purgeLock = new Object();
    private volatile long committedSeq;

    private Journal(JournalSettings settings, Path dir, JournalLock lock, ArchiveKeys keys,
                    JournalRecovery.State state, SegmentChannel.Factory channels) throws JournalException {
        this.settings = settings;
        this.dir = dir;
        this.lock = lock;
        this.keys = keys;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.holds = new ConcurrentHashMap<>(state.holds());
        this.holdSeqs = new ConcurrentHashMap<>(state.holdSeqs());
        this.recoveryReport = state.tornTail();
        this.committedSeq = state.lastSeq();
        this.completer = new CommitCompleter(settings.nodeId());
        this.writer = new JournalWriter(dir, settings.nodeId(), settings.config(), settings.clock(), keys, channels,
                queue, state, this::onCommitted, completer);
        this.writerThread = new Thread(writer, "imgate-journal-writer-" + settings.nodeId());
        this.writerThread.setDaemon(true);
    }

    /**
     * Opens (creating if needed) the journal of {@code settings.nodeId()} under {@code settings.dataDir()}:
     * locks it, loads or creates the signing key, and recovers the tail.
     *
     * @throws JournalException naming the directory or file when the journal is locked by another
     *                          process, damaged, or its key cannot be opened
     */
    public static Journal open(JournalSettings settings) throws JournalException {
        return open(settings, SegmentChannel.FILES);
    }

    static Journal open(JournalSettings settings, SegmentChannel.Factory channels) throws JournalException {
        Objects.requireNonNull(settings, "settings");
        Path dir = settings.journalDir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new JournalException("cannot create journal directory " + dir + ": " + e, e);
        }
        JournalLock lock = JournalLock.acquire(dir);
        try {
            ArchiveKeys keys = ArchiveKeys.loadOrCreate(settings.keysDir(), settings.keyPassphrase());
            JournalRecovery.State state = JournalRecovery.recover(dir, settings.nodeId());
            Journal j = new Journal(settings, dir, lock, keys, state, channels);
            j.completer.start();
            j.writerThread.start();
            LOG.info("journal {} open at seq {}{}", dir, state.lastSeq(),
                    state.tornTail() == null ? "" : " after cutting a torn tail");
            return j;
        } catch (JournalException | RuntimeException e) {
            try {
                lock.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Appends a record with the configured default retention. */
    public CompletableFuture<Long> append(RecordType type, byte[] payload) {
        return append(type, payload, settings.config().retention());
    }

    /**
     * Appends a record kept for {@code retention} after its timestamp. The payload array is written as
     * it is when the writer gets to it: do not modify it after the call.
     *
     * @return completes with the record's sequence number once it is durable; fails with a
     *         {@link JournalException} if it was not written, the queue is full, or the journal is closed or broken
     */
    public CompletableFuture<Long> append(RecordType type, byte[] payload, Period retention) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be a positive period, not " + retention);
        }
        if (type.journalInternal()) {
            throw new IllegalArgumentException(type + " records are written only by the journal itself");
        }
        return enqueue(type, payload, retention);
    }

    private CompletableFuture<Long> enqueue(RecordType type, byte[] payload, Period retention) {
        if (payload.length > RecordFormat.MAX_PAYLOAD) {
            return CompletableFuture.failedFuture(new JournalException("journal " + dir + ": payload of "
                    + payload.length + " bytes exceeds the limit of " + RecordFormat.MAX_PAYLOAD));
        }
        JournalException broken = writer.broken();
        if (broken != null) {
            return CompletableFuture.failedFuture(broken);
        }
        if (closed.get()) {
            return CompletableFuture.failedFuture(closedException());
        }
        JournalWriter.Pending p = new JournalWriter.Pending(type, payload, retention, new CompletableFuture<>(),
                System.nanoTime());
        if (!queue.offer(p)) {
            return CompletableFuture.failedFuture(new JournalException("journal " + dir + " is overloaded: "
                    + queue.size() + " appends are already waiting for the disk"));
        }
        if (closed.get() && queue.remove(p)) {
            p.future().completeExceptionally(closedException());
        }
        return p.future();
    }

    /** Encodes the decision with {@link DecisionCodec} and appends it; completes with its sequence number. */
    @Override
    public CompletableFuture<Long> record(Decision decision) {
        return append(RecordType.DECISION, codec.encode(decision));
    }

    /** Appends an audit record of something a reviewer or administrator did. */
    public CompletableFuture<Long> appendAudit(AuditEntry entry) {
        return append(RecordType.AUDIT, toJson(entry));
    }

    /** Places a legal hold; it stops purges once this returns's future completes. */
    public CompletableFuture<Long> placeLegalHold(LegalHold hold) {
        Objects.requireNonNull(hold, "hold");
        return append(RecordType.LEGAL_HOLD, toJson(hold)).thenApply(seq -> {
            holds.put(hold.id(), hold);
            holdSeqs.put(hold.id(), seq);
            return seq;
        });
    }

    /**
     * Releases a legal hold.
     *
     * @throws IllegalArgumentException if no active hold has that id
     */
    public CompletableFuture<Long> releaseLegalHold(LegalHoldRelease release) {
        Objects.requireNonNull(release, "release");
        if (!holds.containsKey(release.holdId())) {
            throw new IllegalArgumentException("no active legal hold '" + release.holdId() + "' in journal " + dir);
        }
        return append(RecordType.LEGAL_HOLD_RELEASE, toJson(release)).thenApply(seq -> {
            holds.remove(release.holdId());
            holdSeqs.remove(release.holdId());
            return seq;
        });
    }

    /** The legal holds in force, by id. */
    public Map<String, LegalHold> legalHolds() {
        return Map.copyOf(holds);
    }

    /**
     * Removes every sealed segment whose records have all expired by {@code now} and that no legal hold
     * covers, after first making a PURGE record durable that lists them (so the chain still verifies).
     * Blocks until done; call it from a scheduler thread, never from an I/O thread.
     */
    public PurgeReport purge(Instant now) throws JournalException {
        Objects.requireNonNull(now, "now");
        synchronized (purgeLock) {
            RetentionPlanner.Plan plan = RetentionPlanner.plan(Segments.list(dir), writer.currentSegment(), now,
                    List.copyOf(holds.values()), Map.copyOf(holdSeqs), codec);
            if (plan.removable().isEmpty()) {
                return new PurgeReport(-1, List.of(), plan.keptForHold());
            }
            PurgeRecord rec = new PurgeRecord(settings.clock().millis(),
                    plan.removable().stream().map(RetentionPlanner.Candidate::summary).toList());
            long seq = await(enqueue(RecordType.PURGE, rec.toJson(), settings.config().retention()));
            for (RetentionPlanner.Candidate c : plan.removable()) {
                try {
                    Files.delete(c.file());
                } catch (IOException e) {
                    throw new JournalException("purge record seq " + seq + " lists " + c.file()
                            + " but it could not be deleted: " + e, e);
                }
                LOG.info("journal {}: purged segment {} (seq {}-{}, {} records)", dir, c.file().getFileName(),
                        c.summary().firstSeq(), c.summary().lastSeq(), c.summary().records());
            }
            try {
                Durable.fsyncDirectory(dir);
            } catch (IOException e) {
                throw new JournalException("cannot sync journal directory " + dir + " after purge: " + e, e);
            }
            return new PurgeReport(seq, rec.segments(), plan.keptForHold());
        }
    }

    /** The sequence number of the last durable record (0 for an empty journal). */
    public long lastSequence() {
        return committedSeq;
    }

    /**
     * Waits until a record after {@code seq} is durable or {@code timeout} passes.
     *
     * @return the last durable sequence number
     */
    public long awaitCommitted(long seq, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (commitMonitor) {
            while (committedSeq <= seq && !closed.get()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                commitMonitor.wait(Math.max(1, left / 1_000_000));
            }
            return committedSeq;
        }
    }

    /** What recovery cut off the tail when the journal opened, or {@code null} if nothing. */
    public String recoveryReport() {
        return recoveryReport;
    }

    public Path directory() {
        return dir;
    }

    public JournalSettings settings() {
        return settings;
    }

    /** The signing keys, for exporting the public key. */
    public ArchiveKeys keys() {
        return keys;
    }

    /** Whether a write failed; if so, every append fails. */
    public boolean isBroken() {
        return writer.broken() != null;
    }

    /**
     * Flushes everything queued, writes a final checkpoint, and releases the lock. Pending futures fail
     * only if their records could not be written.
     */
    @Override
    public void close() throws JournalException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writer.requestStop();
        boolean interrupted = false;
        while (writerThread.isAlive()) {
            try {
                writerThread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        completer.close();
        JournalWriter.Pending p;
        while ((p = queue.poll()) != null) {
            p.future().completeExceptionally(closedException());
        }
        synchronized (commitMonitor) {
            commitMonitor.notifyAll();
        }
        try {
            lock.close();
        } catch (IOException e) {
            throw new JournalException("cannot release the lock of journal " + dir + ": " + e, e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        JournalException broken = writer.broken();
        if (broken != null) {
            LOG.warn("journal {} closed after a write failure; last durable seq {}", dir, committedSeq);
            return;
        }
        LOG.info("journal {} closed at seq {}", dir, committedSeq);
    }

    private void onCommitted(long lastSeq) {
        committedSeq = lastSeq;
        synchronized (commitMonitor) {
            commitMonitor.notifyAll();
        }
    }

    private JournalException closedException() {
        return new JournalException("journal " + dir + " is closed");
    }

    private static byte[] toJson(Object value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode " + value, e);
        }
    }

    private static long await(CompletableFuture<Long> f) throws JournalException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JournalException("interrupted while waiting for the journal", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JournalException je) {
                throw je;
            }
            throw new JournalException("journal append failed: " + e.getCause(), e.getCause());
        }
    }
}
