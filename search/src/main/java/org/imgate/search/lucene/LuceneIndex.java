package org.imgate.search.lucene;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.Lock;
import org.apache.lucene.store.LockObtainFailedException;
import org.imgate.core.BackgroundThreads;
import org.imgate.search.ArchiveSearcher;
import org.imgate.search.DecisionIndexer;
import org.imgate.search.IndexHealth;
import org.imgate.search.IndexUnusableException;
import org.imgate.search.SearchBackend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Lucene index under {@code data/index}: owns the directory, the one {@link IndexWriter},
 * the {@link SearcherManager} that serves near-real-time readers from it, and the thread that refreshes
 * (every {@code refreshInterval}) and commits (every {@code commitInterval}). Documents are kept sorted
 * newest first, so time-sorted searches over date ranges stop after the first page.
 *
 * <p>Start-up: {@link #open} refuses a missing, corrupt or incompatible index with an
 * {@link IndexUnusableException}; the caller then calls {@link #createEmpty} and replays the journal
 * from the beginning. Otherwise the caller resumes from {@code indexer().committedOffsets()}.
 *
 * <p>Thread-safe. {@link #close()} stops the background thread, commits, and releases the files.
 */
public final class LuceneIndex implements SearchBackend {

    private static final Logger LOG = LoggerFactory.getLogger(LuceneIndex.class);

    private final LuceneIndexConfig config;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final LuceneIndexer indexer;
    private final LuceneSearcher searcher;
    private final ScheduledExecutorService background;
    private final AtomicReference<Exception> backgroundFailure = new AtomicReference<>();
    /** How many replays run; while any does, refreshes come every {@link #REPLAY_REFRESH_INTERVAL}. */
    private final AtomicInteger replays = new AtomicInteger();
    private volatile long lastRefreshNanos = System.nanoTime();

    /**
     * The refresh interval while the journal is replayed into the index (a rebuild, or catching up after
     * a stop). Every refresh flushes what was added as a new segment, and merging a replay's thousands of
     * small segments cost a fifth of its CPU at a 200 ms interval; the records of a replay are old, so
     * nobody waits for them to be searchable within the second. Live records come after the replay.
     */
    public static final Duration REPLAY_REFRESH_INTERVAL = Duration.ofSeconds(5);
    /**
     * The indexing buffer while replaying, at most: segments four times larger than the live default
     * mean one level of merging less for every record (a 3M-record build took 40% less CPU). Capped at a
     * quarter of the heap, and never below the configured buffer.
     */
    static final double REPLAY_RAM_BUFFER_MB = 256;

    private LuceneIndex(LuceneIndexConfig config, Directory directory, IndexWriter writer, boolean fresh)
            throws IOException {
        this.config = config;
        this.directory = directory;
        this.writer = writer;
        Map<String, String> fixed = Map.of(IndexFields.COMMIT_SCHEMA, IndexFields.SCHEMA_VERSION);
        Map<String, Long> offsets = Map.of();
        if (!fresh) {
            Map<String, String> data = new java.util.HashMap<>();
            Iterable<Map.Entry<String, String>> live = writer.getLiveCommitData();
            if (live != null) {
                live.forEach(e -> data.put(e.getKey(), e.getValue()));
            }
            offsets = LuceneIndexer.offsetsIn(data);
        }
        Analyzer analyzer = writer.getAnalyzer();
        if (fresh) {
            // an empty index with its layout recorded is a healthy index: a crash during the rebuild
            // resumes it instead of starting over
            writer.setLiveCommitData(fixed.entrySet());
            writer.commit();
        }
        this.searchers = new SearcherManager(writer, null);
        this.indexer = new LuceneIndexer(writer, new DecisionDocuments(), new SessionClients(searchers),
                fixed, offsets);
        this.searcher = new LuceneSearcher(searchers, new QueryTranslator(analyzer, config.zone()), analyzer,
                new FacetCounter(config.zone()));
        this.background = Executors.newSingleThreadScheduledExecutor(
                r -> BackgroundThreads.newThread(r, "imgate-index-refresh"));
        long refresh = config.refreshInterval().toMillis();
        long commit = config.commitInterval().toMillis();
        background.scheduleWithFixedDelay(this::refreshInBackground, refresh, refresh, TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(this::commitInBackground, commit, commit, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens the existing index.
     *
     * @throws IndexUnusableException when the index is missing, damaged or built differently; rebuild it
     * @throws IOException            when the files cannot be used for a reason a rebuild would not cure
     *                                (permissions, another process holding the index)
     */
    public static LuceneIndex open(LuceneIndexConfig config) throws IOException, IndexUnusableException {
        IndexHealth health = IndexInspector.inspect(config);
        if (!health.usable()) {
            throw new IndexUnusableException(health);
        }
        LOG.info("opening search index at {}", config.directory());
        return start(config, IndexWriterConfig.OpenMode.APPEND);
    }

    /** Discards whatever is in the index directory and starts an empty index, to be filled from the journal. */
    public static LuceneIndex createEmpty(LuceneIndexConfig config) throws IOException {
        Path path = config.directory();
        Files.createDirectories(path);
        try (Directory dir = FSDirectory.open(path); Lock lock = dir.obtainLock(IndexWriter.WRITE_LOCK_NAME)) {
            lock.ensureValid();
            deleteIndexFiles(path);
        } catch (LockObtainFailedException e) {
            throw inUse(path, e);
        }
        LOG.warn("created an empty search index at {}; it is rebuilt from the journal", path);
        return start(config, IndexWriterConfig.OpenMode.CREATE);
    }

    private static LuceneIndex start(LuceneIndexConfig config, IndexWriterConfig.OpenMode mode) throws IOException {
        Directory dir = FSDirectory.open(config.directory());
        IndexWriter writer = null;
        try {
            IndexWriterConfig iwc = new IndexWriterConfig(Analyzers.create())
                    .setOpenMode(mode)
                    .setIndexSort(LuceneSearcher.indexSort())
                    .setRAMBufferSizeMB(config.ramBufferMb())
                    .setMergeScheduler(new BackgroundMergeScheduler())
                    .setCommitOnClose(false);
            writer = new IndexWriter(dir, iwc);
            return new LuceneIndex(config, dir, writer, mode == IndexWriterConfig.OpenMode.CREATE);
        } catch (LockObtainFailedException e) {
            dir.close();
            throw inUse(config.directory(), e);
        } catch (IOException | RuntimeException e) {
            if (writer != null) {
                writer.rollback();
            }
            dir.close();
            throw e;
        }
    }

    @Override
    public DecisionIndexer indexer() {
        return indexer;
    }

    @Override
    public ArchiveSearcher searcher() {
        return searcher;
    }

    /** Makes everything indexed so far searchable now, instead of at the next scheduled refresh. */
    public void refresh() throws IOException {
        lastRefreshNanos = System.nanoTime();
        searchers.maybeRefreshBlocking();
    }

    /**
     * {@link #refresh()}, unless the writer has failed for good ({@link #brokenBy()}): then searches keep the
     * last reader, which still answers, until the owner has rebuilt the index.
     */
    public void refreshUnlessBroken() throws IOException {
        if (brokenBy().isPresent()) {
            return;
        }
        try {
            refresh();
        } catch (AlreadyClosedException e) {
            if (brokenBy().isEmpty()) {
                throw e;
            }
        }
    }

    /**
     * Marks a replay of the journal (a rebuild or a catch-up): until the returned handle is closed, the
     * index refreshes every {@link #REPLAY_REFRESH_INTERVAL} instead of at the configured interval and
     * buffers up to {@link #REPLAY_RAM_BUFFER_MB} per segment. Closing the last open replay restores both
     * and refreshes at once, so everything replayed is searchable when live indexing resumes. Replays may
     * overlap.
     */
    public Replay replaying() {
        if (replays.getAndIncrement() == 0) {
            writer.getConfig().setRAMBufferSizeMB(replayRamBufferMb(config.ramBufferMb()));
        }
        return new Replay();
    }

    private static double replayRamBufferMb(double configured) {
        double quarterOfHeap = Runtime.getRuntime().maxMemory() / 4.0 / (1024 * 1024);
        return Math.max(configured, Math.min(REPLAY_RAM_BUFFER_MB, quarterOfHeap));
    }

    /** An open replay; see {@link #replaying()}. Closing it more than once has no further effect. */
    public final class Replay implements AutoCloseable {
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Replay() {
        }

        /** Ends the replay; the last one to end refreshes the index. */
        @Override
        public void close() throws IOException {
            if (open.compareAndSet(true, false) && replays.decrementAndGet() == 0) {
                writer.getConfig().setRAMBufferSizeMB(config.ramBufferMb());
                refresh();
            }
        }
    }

    /**
     * Waits until no merge is running or pending. Indexing never needs this; a tool that has just built
     * an index in bulk calls it so that the index it leaves behind is settled (merges left running are
     * abandoned at close and redone by the next writer).
     */
    public void awaitMerges() throws IOException {
        if (writer.getConfig().getMergeScheduler() instanceof ConcurrentMergeScheduler merges) {
            // a finished merge can make the next one worth doing: ask again until nothing is left
            do {
                writer.maybeMerge();
                merges.sync();
            } while (writer.hasPendingMerges());
        } else {
            writer.maybeMerge();
        }
    }

    /**
     * Why no more records can be added, if that is so: Lucene closes its writer for good when a flush or
     * merge fails in a way it cannot undo (files deleted or damaged under it, a disk error). Such an index
     * must be rebuilt from the journal.
     */
    public Optional<Throwable> brokenBy() {
        Throwable tragic = writer.getTragicException();
        if (tragic != null) {
            return Optional.of(tragic);
        }
        return writer.isOpen() ? Optional.empty()
                : Optional.of(new IllegalStateException("the index writer at " + config.directory() + " is closed"));
    }

    /** The last failure of the background refresh or commit, if any; the writer may be closed after one. */
    public Optional<Exception> backgroundFailure() {
        return Optional.ofNullable(backgroundFailure.get());
    }

    public LuceneIndexConfig config() {
        return config;
    }

    @Override
    public void close() throws IOException {
        background.shutdown();
        try {
            if (!background.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("search index background task did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        indexer.close();
        try (Directory dir = directory; IndexWriter w = writer; SearcherManager s = searchers) {
            if (w.isOpen()) {
                indexer.commit();
            }
        }
        LOG.info("closed search index at {}", config.directory());
    }

    private void refreshInBackground() {
        if (writer.getTragicException() != null) {
            return; // logged where it happened; the owner rebuilds the index (brokenBy)
        }
        try {
            long start = System.nanoTime();
            if (replays.get() > 0 && start - lastRefreshNanos < REPLAY_REFRESH_INTERVAL.toNanos()) {
                return;
            }
            lastRefreshNanos = start;
            searchers.maybeRefresh();
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            if (tookMs > 1000) {
                LOG.warn("refreshing the search index took {} ms; new records take that long to become searchable",
                        tookMs);
            }
        } catch (IOException | RuntimeException e) {
            backgroundFailure.set(e);
            LOG.error("refreshing the search index at {} failed; new records are not yet searchable",
                    config.directory(), e);
        }
    }

    private void commitInBackground() {
        if (writer.getTragicException() != null) {
            return;
        }
        try {
            indexer.commit();
        } catch (IOException | RuntimeException e) {
            backgroundFailure.set(e);
            LOG.error("committing the search index at {} failed; indexing resumes from the last commit",
                    config.directory(), e);
        }
    }

    /**
     * Deletes the index's files, and only those: if the directory holds anything else (a configuration
     * mistake pointing the index at the journal, say), nothing is deleted and the start fails.
     */
    private static void deleteIndexFiles(Path path) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(path)) {
            files = list.toList();
        }
        for (Path file : files) {
            if (!isIndexFile(file)) {
                throw new IOException("refusing to clear " + path + " for a new search index: it holds "
                        + file.getFileName() + ", which is not an index file; point the index at a directory of its own");
            }
        }
        for (Path file : files) {
            if (!file.getFileName().toString().equals(IndexWriter.WRITE_LOCK_NAME)) {
                Files.delete(file);
            }
        }
    }

    /** Lucene names its files {@code segments_N}, {@code pending_segments_N}, {@code _N...} and {@code write.lock}. */
    private static boolean isIndexFile(Path file) {
        String name = file.getFileName().toString();
        return Files.isRegularFile(file) && (name.startsWith("_") || name.startsWith("segments")
                || name.startsWith("pending_segments") || name.equals(IndexWriter.WRITE_LOCK_NAME));
    }

    private static IOException inUse(Path path, LockObtainFailedException e) {
        return new IOException("the search index at " + path + " is in use by another process", e);
    }
}
