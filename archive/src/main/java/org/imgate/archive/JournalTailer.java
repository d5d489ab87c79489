package org.imgate.archive;

import org.imgate.core.BackgroundThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Delivers a named consumer every journal record once it is durable, in sequence order, on its own
 * thread, and (unless started with {@link #startAfter}) persists the consumer's offset
 * ({@link OffsetStore}) so that a restart resumes where it stopped: at once when it has caught up, and otherwise every {@value #PERSIST_EVERY} records or
 * {@link #PERSIST_INTERVAL}, whichever comes first. Persisting costs an fsync, and under load the
 * tailer wakes for nearly every journal commit; an fsync per wake-up would compete with the journal's
 * own fsyncs, which every message waits for. At-least-once: records handled since the last persisted
 * offset may be delivered again after a crash, so handlers must be idempotent (the search indexer
 * replaces a record it already holds). A
 * handler that throws gets the same record again after a pause; nothing is skipped. Wakes on the
 * in-process journal's commits rather than polling the disk. Thread-safe to close from any thread.
 */
public final class JournalTailer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalTailer.class);
    private static final int PERSIST_EVERY = 1000;
    private static final Duration PERSIST_INTERVAL = Duration.ofSeconds(1);
    private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    /** Handles one record. */
    @FunctionalInterface
    public interface Handler {
        void handle(JournalRecord record) throws Exception;
    }

    /** Work the consumer does on the tailer's thread while no record is waiting (checked every 200 ms). */
    @FunctionalInterface
    public interface WhileCaughtUp {
        void run() throws Exception;
    }

    private static final WhileCaughtUp NOTHING = () -> { };

    private final Journal journal;
    private final String consumer;
    private final Handler handler;
    private final WhileCaughtUp whileCaughtUp;
    /** Where the offset is persisted; {@code null} for a consumer that keeps its own durable position. */
    private final OffsetStore offsets;
    private final JournalReader reader;
    private final Thread thread;
    /** How long to wait after a pass before reading again; see {@link #startAfter(Journal, String, long, Duration, Handler)}. */
    private final long lingerNanos;
    private volatile boolean running = true;
    private volatile long offset;
    /** The last record handled; {@link #offset} catches up with it when persisted. */
    private long delivered;
    private int unpersisted;
    private long lastPersistNanos = System.nanoTime();
    /** Where the record after {@link #offset} starts, once known: saves re-scanning the segment on every wake-up. */
    private Path resumeSegment;
    private long resumeOffset;

    private JournalTailer(Journal journal, String consumer, Handler handler, OffsetStore offsets, long after,
                          Duration linger, WhileCaughtUp whileCaughtUp) throws JournalException {
        this.journal = journal;
        this.whileCaughtUp = whileCaughtUp;
        this.lingerNanos = linger.toNanos();
        this.consumer = consumer;
        this.handler = handler;
        this.offsets = offsets;
        this.reader = JournalReader.open(journal.directory());
        this.offset = after;
        this.delivered = offset;
        // what a tailer feeds is derived from the journal (the index): it yields the CPU to the relay
        this.thread = BackgroundThreads.newThread(this::run, "imgate-journal-tailer-" + consumer);
    }

    /**
     * Starts delivering to {@code handler} from the record after {@code consumer}'s stored offset.
     *
     * @throws JournalException if the stored offset cannot be read
     */
    public static JournalTailer start(Journal journal, String consumer, Handler handler) throws JournalException {
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(handler, "handler");
        OffsetStore offsets = new OffsetStore(journal.settings().offsetsDir());
        JournalTailer t = new JournalTailer(journal, consumer, handler, offsets, offsets.load(consumer), Duration.ZERO,
                NOTHING);
        t.thread.start();
        return t;
    }

    /**
     * Starts delivering to {@code handler} from the record after {@code afterSeq}, for a consumer that
     * keeps its own durable position (the search index records its offset in each commit): no offset
     * file is written, so this tailer adds no fsync beside the journal's, which every message waits for.
     */
    public static JournalTailer startAfter(Journal journal, String consumer, long afterSeq, Handler handler)
            throws JournalException {
        return startAfter(journal, consumer, afterSeq, Duration.ZERO, handler);
    }

    /**
     * As {@link #startAfter(Journal, String, long, Handler)}, but after each pass over the newly committed
     * records the tailer waits {@code linger} before it reads again, so that the next pass takes everything
     * committed meanwhile at once. Each pass costs a look at the commit marker, a listing of the segments
     * and a reopened segment; under light, steady traffic every commit holds a record or two, and without
     * lingering the search index paid that per record (about a quarter of imgate's CPU per message at
     * 2,000 messages a second over 1,000 quiet sessions). A record then reaches the handler up to
     * {@code linger} later.
     */
    public static JournalTailer startAfter(Journal journal, String consumer, long afterSeq, Duration linger,
                                           Handler handler) throws JournalException {
        return startAfter(journal, consumer, afterSeq, linger, handler, NOTHING);
    }

    /**
     * As {@link #startAfter(Journal, String, long, Duration, Handler)}, and while no record is waiting the
     * tailer runs {@code whileCaughtUp} on its thread every 200 ms or so: for work that must not wait for
     * the next record (the search index rebuilds a broken index there). A failure is logged and retried
     * after a pause, as a handler's is.
     */
    public static JournalTailer startAfter(Journal journal, String consumer, long afterSeq, Duration linger,
                                           Handler handler, WhileCaughtUp whileCaughtUp) throws JournalException {
        Objects.requireNonNull(journal, "journal");
        Objects.requireNonNull(whileCaughtUp, "whileCaughtUp");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(linger, "linger");
        if (afterSeq < 0) {
            throw new IllegalArgumentException("afterSeq must not be negative, was " + afterSeq);
        }
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger must not be negative, was " + linger);
        }
        JournalTailer t = new JournalTailer(journal, consumer, handler, null, afterSeq, linger, whileCaughtUp);
        t.thread.start();
        return t;
    }

    /** The last sequence number delivered and persisted. */
    public long offset() {
        return offset;
    }

    private void run() {
        while (running) {
            try {
                long committed = journal.lastSequence();
                if (committed > delivered) {
                    deliver(committed);
                    linger();
                } else {
                    persist();
                    idle();
                    journal.awaitCommitted(delivered, Duration.ofMillis(200));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (JournalException | UncheckedIOException e) {
                LOG.error("journal tailer '{}': cannot read after seq {}: {}", consumer, delivered, e.getMessage());
                pause();
            }
        }
        try {
            persist();
        } catch (JournalException e) {
            LOG.warn("journal tailer '{}': could not persist offset {} on close; records after {} will be "
                    + "delivered again: {}", consumer, delivered, offset, e.getMessage());
        }
    }

    private void deliver(long through) throws JournalException {
        try (Stream<JournalRecord> s = resumeSegment == null
                ? reader.records(delivered + 1, through)
                : reader.recordsAfter(resumeSegment, resumeOffset, delivered + 1, through)) {
            Iterator<JournalRecord> it = s.iterator();
            while (running && it.hasNext()) {
                JournalRecord r = it.next();
                try {
                    handler.handle(r);
                } catch (Exception e) {
                    LOG.error("journal tailer '{}': handler failed on {}; retrying it: {}", consumer, r.location(),
                            e.toString());
                    persist();
                    pause();
                    return;
                }
                delivered = r.seq();
                resumeSegment = r.segment();
                resumeOffset = r.endOffset();
                if (++unpersisted >= PERSIST_EVERY) {
                    persist();
                }
            }
        }
        if (System.nanoTime() - lastPersistNanos >= PERSIST_INTERVAL.toNanos()) {
            persist();
        }
    }

    private void idle() {
        try {
            whileCaughtUp.run();
        } catch (Exception e) {
            LOG.error("journal tailer '{}': work while caught up at seq {} failed; retrying it: {}", consumer,
                    delivered, e.toString());
            pause();
        }
    }

    private void persist() throws JournalException {
        if (delivered != offset) {
            if (offsets != null) {
                offsets.store(consumer, delivered);
            }
            offset = delivered;
        }
        unpersisted = 0;
        lastPersistNanos = System.nanoTime();
    }

    private void linger() throws InterruptedException {
        long until = System.nanoTime() + lingerNanos;
        for (long left = lingerNanos; running && left > 0; left = until - System.nanoTime()) {
            Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 50));
        }
    }

    private void pause() {
        long until = System.nanoTime() + RETRY_PAUSE.toNanos();
        try {
            while (running && System.nanoTime() < until) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Stops delivering; the offset of everything delivered so far is persisted. The thread is not
     * interrupted (an interrupt would close the file channel it may be writing the offset through);
     * it notices within one wait of at most 200 ms.
     */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
