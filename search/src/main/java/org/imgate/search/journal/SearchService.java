package org.imgate.search.journal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.imgate.archive.Journal;
import org.imgate.archive.JournalReader;
import org.imgate.archive.JournalRecord;
import org.imgate.archive.JournalTailer;
import org.imgate.search.ArchiveSearcher;
import org.imgate.search.IndexHealth;
import org.imgate.search.Hit;
import org.imgate.search.IndexedDecision;
import org.imgate.search.InvalidQueryException;
import org.imgate.search.PageCursor;
import org.imgate.search.SearchPage;
import org.imgate.search.SearchRequest;
import org.imgate.search.lucene.LuceneIndex;
import org.imgate.search.lucene.LuceneIndexConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The search index of a running node, kept current from its journal: what {@code imgate serve} starts.
 *
 * <p>At start the index is opened, or recreated empty when missing, corrupt or built differently. A
 * {@link JournalTailer} then feeds it from the offset recorded in the index's own last commit (the index
 * is the truth about what it holds, so the tailer keeps no offset file of its own), so a recreated index is
 * rebuilt from the first record and a healthy one catches up from where it stopped. The rebuild logs its
 * progress every {@value #PROGRESS_EVERY} records and a summary (count, rate) when it reaches the record
 * that was last when the service started. Everything runs on the tailer's thread: {@link #start} does
 * not wait for the rebuild and appending to the journal never waits for the index. Records that are
 * read back to back (a rebuild or catch-up, or a burst) are indexed in batches of up to
 * {@value #BATCH}, which the indexer spreads over the cores; once caught up, the tailer reads the journal
 * every {@link #TAILER_LINGER} at most, a record waits at most 20 ms more for company, and the newest
 * committed record of a pass is indexed at once.
 *
 * <p>Searches see every record the index has taken: each one refreshes the index first, and a reader in
 * another process asks for a commit ({@link #commitCurrent}); in the background the index refreshes and
 * commits only every {@link #BACKGROUND_INTERVAL} or so (the configured intervals).
 *
 * <p>DECISION records are decoded with the archive's codec; one that cannot be decoded is logged with
 * its sequence number and counted ({@link #unparseableRecords()}), and indexing goes on.
 *
 * <p>An index that breaks while running (its writer fails for good, or a commit fails because its files
 * were removed or damaged under it) is rebuilt from the journal in place, on the tailer's thread, at once:
 * before the next record or, while none comes, within about 200 ms. Meanwhile a commit asked for by a
 * reader in another process covers what the rebuild has reached and says so ({@link IndexFreshness}).
 *
 * <p>Thread-safe. {@link #close()} stops the tailing, commits the index and releases it; close it before
 * the journal.
 */
public final class SearchService implements AutoCloseable {

    /** The tailer's consumer name (its thread's name; it keeps no offset file: the index's commits hold the offset). */
    public static final String CONSUMER = "search-index";
    static final int PROGRESS_EVERY = 10_000;
    static final int BATCH = 1000;
    /** How long a decoded record may wait for company before it is indexed: bounds what batching adds to live latency. */
    static final long BATCH_WAIT_NANOS = 20_000_000L;
    /**
     * How long the tailer waits between passes over the journal: under light traffic each commit holds a
     * record or two, and a pass per commit cost more than indexing the record (ADR 0013).
     */
    static final Duration TAILER_LINGER = Duration.ofMillis(20);

    private static final Logger LOG = LoggerFactory.getLogger(SearchService.class);

    private final Journal journal;
    /** Replaced, on the tailer's thread, when the index breaks and is rebuilt. */
    private volatile LuceneIndex index;
    /** Searches hold it to read; the swap of a broken index for a fresh one holds it to write. */
    private final ReadWriteLock swap = new ReentrantReadWriteLock();
    private final ArchiveSearcher searcher = new CurrentIndexSearcher();
    private volatile int rebuiltWhileRunning;
    private final IndexHealth found;
    private final RecordDecoder decoder = new RecordDecoder();
    private final long startSeq;
    private final long catchUpThrough;
    private final long startNanos = System.nanoTime();
    private volatile long handledThrough;
    /**
     * The last record the current index holds: {@link #handledThrough} but while a broken index is
     * rebuilt, where the rebuild has got to. A commit covers this much.
     */
    private volatile long indexedThrough;
    private volatile boolean caughtUp;
    /** An index whose commit failed (its files removed or damaged under it), for the tailer to rebuild. */
    private volatile LuceneIndex failedCommit;
    private volatile IOException failedCommitCause;
    private long handledSinceStart;
    /** Decoded records waiting to be indexed as one batch; touched by the tailer's thread only. */
    private final List<IndexedDecision> pending = new ArrayList<>();
    /** The last record decoded into {@link #pending} or passed over; a retried record is not queued twice. */
    private long queuedThrough;
    /** When the oldest record in {@link #pending} was queued. */
    private long pendingSinceNanos;
    private volatile JournalTailer tailer;
    /** Open while the journal of before the start is being indexed; see {@link LuceneIndex#replaying()}. */
    private LuceneIndex.Replay replay;

    private SearchService(Journal journal, LuceneIndex index, IndexHealth found, long resumeAfter,
                          long catchUpThrough) {
        this.journal = journal;
        this.index = index;
        this.found = found;
        this.startSeq = resumeAfter + 1;
        this.catchUpThrough = catchUpThrough;
        this.handledThrough = resumeAfter;
        this.indexedThrough = resumeAfter;
        this.queuedThrough = resumeAfter;
        this.caughtUp = resumeAfter >= catchUpThrough;
    }

    /**
     * How often a node's index refreshes and commits on its own. Rarely, because searches make it current
     * on demand ({@link #searcher()}, {@link #commitCurrent}); a record indexed live costs about 40% less
     * CPU at this interval than at 200 ms, since every refresh flushes a small segment that merges
     * then rewrite (ADR 0013). A crash redoes at most this much indexing from the journal.
     */
    public static final Duration BACKGROUND_INTERVAL = Duration.ofSeconds(10);

    /** The settings of a node's index at {@code indexDir}: the defaults, refreshed and committed every {@link #BACKGROUND_INTERVAL}. */
    public static LuceneIndexConfig nodeConfig(java.nio.file.Path indexDir) {
        return LuceneIndexConfig.defaults(indexDir).withIntervals(BACKGROUND_INTERVAL, BACKGROUND_INTERVAL);
    }

    /** Opens the index under {@code dataDir/index} with {@link #nodeConfig} and starts feeding it from {@code journal}. */
    public static SearchService start(Journal journal, java.nio.file.Path dataDir) throws IOException {
        return start(journal, nodeConfig(dataDir.resolve("index")));
    }

    /**
     * Opens (or recreates) the index and starts feeding it from {@code journal}; returns at once.
     *
     * @throws IOException when the index cannot be opened for a reason a rebuild would not cure, or the
     *                     journal cannot be read
     */
    public static SearchService start(Journal journal, LuceneIndexConfig config) throws IOException {
        Objects.requireNonNull(journal, "journal");
        OpenedIndex opened = OpenedIndex.openOrRecreate(config);
        LuceneIndex index = opened.index();
        try {
            String node = journal.settings().nodeId();
            long resumeAfter = index.indexer().committedOffsets().getOrDefault(node, 0L);
            long last = journal.lastSequence();
            SearchService service = new SearchService(journal, index, opened.found(), resumeAfter, last);
            if (resumeAfter < last) {
                service.replay = index.replaying();
                LOG.info("search index {}: indexing journal records {} to {} ({})", config.directory(),
                        resumeAfter + 1, last, opened.recreated() ? "rebuild" : "catching up");
            }
            service.tailer = JournalTailer.startAfter(journal, CONSUMER, resumeAfter, TAILER_LINGER, service::handle,
                    service::rebuildIfBroken);
            return service;
        } catch (IOException | RuntimeException e) {
            try {
                index.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void handle(JournalRecord record) throws IOException {
        rebuildIfBroken();
        if (record.seq() > queuedThrough) {
            decoder.decode(record).ifPresent(decision -> {
                if (pending.isEmpty()) {
                    pendingSinceNanos = System.nanoTime();
                }
                pending.add(decision);
            });
            queuedThrough = record.seq();
        }
        // more committed records follow at once unless this is the newest: keep gathering them, for a
        // replay up to a whole batch, under live load no longer than BATCH_WAIT_NANOS
        if (pending.size() < BATCH && record.seq() < journal.lastSequence()
                && (!caughtUp || System.nanoTime() - pendingSinceNanos < BATCH_WAIT_NANOS)) {
            return;
        }
        if (!pending.isEmpty()) {
            // a failure leaves the batch pending; the tailer hands this record over again after a pause
            index.indexer().index(List.copyOf(pending));
            pending.clear();
        }
        // caught up (and refreshed) before anyone waiting for this record is told it was handled
        if (!caughtUp) {
            reportCatchUp(handledThrough, record.seq());
        }
        handledThrough = record.seq();
        indexedThrough = record.seq();
    }

    /**
     * Rebuilds the index if its writer failed for good; on the tailer's thread, before each record and,
     * while no record comes, every 200 ms or so, so that a failure in a quiet hour is repaired at once
     * rather than at the next message.
     */
    private void rebuildIfBroken() throws IOException {
        Optional<Throwable> broken = index.brokenBy();
        if (broken.isEmpty() && failedCommit == index) {
            broken = Optional.of(failedCommitCause);
        }
        if (broken.isPresent()) {
            rebuildBroken(broken.get());
        }
    }

    /**
     * Replaces an index whose writer failed for good (its files deleted or damaged under it, a disk error
     * during a flush) with one rebuilt from the journal through the last record handled, on this thread,
     * as a start-up would; records still pending are indexed after it. Searches meanwhile see the
     * rebuild's progress. If the rebuild fails too, the tailer retries this record, and so the rebuild,
     * after a pause.
     */
    private void rebuildBroken(Throwable cause) throws IOException {
        LuceneIndex broken = index;
        LuceneIndexConfig config = broken.config();
        LOG.error("search index at {} failed and takes no more records ({}); rebuilding it from the journal"
                + " through seq {}", config.directory(), cause.toString(), handledThrough);
        LuceneIndex fresh;
        swap.writeLock().lock();
        try {
            try {
                broken.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("closing the failed search index at {}: {}", config.directory(), e.toString());
            }
            fresh = LuceneIndex.createEmpty(config);
            index = fresh;
            indexedThrough = 0;
            failedCommit = null; // let the closed index go
            failedCommitCause = null;
        } finally {
            swap.writeLock().unlock();
        }
        rebuiltWhileRunning++;
        ReplayReport report;
        try (LuceneIndex.Replay rebuilding = fresh.replaying()) {
            report = new JournalReplay(JournalReader.open(journal.directory()), fresh.indexer(), new RecordDecoder())
                    .replay(1, handledThrough, (reached, from, through, records) -> {
                        indexedThrough = Math.min(reached, handledThrough);
                        if (records % PROGRESS_EVERY == 0) {
                            LOG.info("search index: rebuilt through seq {} of {}", reached, through);
                        }
                    });
        }
        if (!caughtUp) {
            replay = fresh.replaying();
        }
        indexedThrough = handledThrough;
        LOG.info("search index at {} rebuilt from the journal: {} records through seq {} in {} ms",
                config.directory(), report.records(), report.throughSeq(), report.took().toMillis());
    }

    private void reportCatchUp(long previous, long seq) throws IOException {
        long before = handledSinceStart;
        handledSinceStart += seq - previous;
        if (seq >= catchUpThrough) {
            replay.close();
            caughtUp = true;
            double seconds = Math.max(System.nanoTime() - startNanos, 1) / 1e9;
            LOG.info("search index: caught up with the journal at seq {}: {} records in {} s ({} records/s),"
                            + " {} unparseable", seq, handledSinceStart, String.format(java.util.Locale.ROOT, "%.1f", seconds),
                    Math.round(handledSinceStart / seconds), decoder.unparseable());
        } else if (handledSinceStart / PROGRESS_EVERY != before / PROGRESS_EVERY) {
            LOG.info("search index: indexed the journal to seq {} of {} ({}%)", seq, catchUpThrough,
                    Math.round(100 * ReplayProgress.fraction(seq, startSeq, catchUpThrough)));
        }
    }

    /**
     * Searches the index (the rebuilt one, after a failure). Each search first makes everything indexed so
     * far searchable, so it sees every record the index has taken ({@link #handledThrough()}), whatever the
     * background refresh interval: a record is searchable as soon as the tailer has indexed it.
     */
    public ArchiveSearcher searcher() {
        return searcher;
    }

    /**
     * Makes the index's files hold every record archived before this call, for a reader in another
     * process ({@code imgate search} beside a running server, which sees the last commit): waits until the
     * index has taken the journal's last record as of now, then commits. While the index is still being
     * rebuilt or catching up, or when the tailer does not get there within {@code timeout}, it commits
     * what it has and says how far that reaches, so that the caller can say the answer may be incomplete.
     *
     * @throws IOException when the commit fails (the index is then rebuilt from the journal)
     */
    public IndexFreshness commitCurrent(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long target = journal.lastSequence();
        if (caughtUp) {
            awaitHandled(target, timeout);
        }
        LuceneIndex committing = index;
        try {
            return commit(committing, target);
        } catch (IOException e) {
            // The index's files were removed or damaged under it; its writer may not notice until it next
            // writes, which in a quiet hour could be long. Have the tailer rebuild it now, and answer from
            // the rebuilt index as far as the rebuild has got (the caller says what the answer may lack).
            LOG.error("search index at {}: a commit failed ({}); rebuilding it from the journal",
                    committing.config().directory(), e.toString());
            failedCommitCause = e;
            failedCommit = committing;
            while (index == committing && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            if (index == committing) {
                throw e;
            }
            return commit(index, target);
        }
    }

    private IndexFreshness commit(LuceneIndex current, long target) throws IOException {
        long reached = indexedThrough;
        swap.readLock().lock();
        try {
            current.indexer().commit();
        } finally {
            swap.readLock().unlock();
        }
        return new IndexFreshness(Math.min(reached, target), target);
    }

    /** How many times the index broke while running and was rebuilt from the journal. */
    public int rebuiltWhileRunning() {
        return rebuiltWhileRunning;
    }

    /** What the index was found to be at start; anything but healthy means it is being rebuilt. */
    public IndexHealth foundAtStart() {
        return found;
    }

    /** Whether the index has caught up with the journal as it was at start (the rebuild is done). */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** The sequence number of the last journal record the index has taken (or passed over). */
    public long handledThrough() {
        return handledThrough;
    }

    /** How many DECISION records could not be decoded, and so are not searchable, since start. */
    public long unparseableRecords() {
        return decoder.unparseable();
    }

    /** Waits until the index has taken every record through {@code seq}; returns whether it did in time. */
    public boolean awaitHandled(long seq, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (handledThrough < seq) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /**
     * The searcher of whichever index is current, so that callers keep theirs across a rebuild; a search
     * never runs on an index being swapped out (it waits the few milliseconds the swap takes). Every search
     * refreshes first: searches are rare next to indexing (people run them), and a refresh that finds
     * nothing new costs next to nothing, so the index need not refresh often in the background.
     */
    private final class CurrentIndexSearcher implements ArchiveSearcher {
        @Override
        public SearchPage search(SearchRequest request) throws InvalidQueryException, IOException {
            swap.readLock().lock();
            try {
                index.refreshUnlessBroken();
                return index.searcher().search(request);
            } finally {
                swap.readLock().unlock();
            }
        }

        @Override
        public void forEach(SearchRequest request, Consumer<Hit> consumer) throws InvalidQueryException, IOException {
            swap.readLock().lock();
            try {
                index.refreshUnlessBroken();
                index.searcher().forEach(request, consumer);
            } finally {
                swap.readLock().unlock();
            }
        }

        @Override
        public SearchPage conversation(String conversationId, PageCursor after, int limit) throws IOException {
            swap.readLock().lock();
            try {
                index.refreshUnlessBroken();
                return index.searcher().conversation(conversationId, after, limit);
            } finally {
                swap.readLock().unlock();
            }
        }

        @Override
        public List<Hit> conversationAround(Hit hit, int before, int after) throws IOException {
            swap.readLock().lock();
            try {
                index.refreshUnlessBroken();
                return index.searcher().conversationAround(hit, before, after);
            } finally {
                swap.readLock().unlock();
            }
        }
    }

    /** Stops tailing, commits what was indexed, and releases the index. */
    @Override
    public void close() throws IOException {
        try {
            if (tailer != null) {
                tailer.close();
            }
        } finally {
            index.close();
        }
    }
}
