package org.imgate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.imgate.bench.search.Latencies;
import org.imgate.core.ImEvent;
import org.imgate.bench.search.SyntheticChat;
import org.imgate.search.ArchiveSearcher;
import org.imgate.search.DecisionIndexer;
import org.imgate.search.IndexUnusableException;
import org.imgate.search.IndexedDecision;
import org.imgate.search.SearchPage;
import org.imgate.search.SearchRequest;
import org.imgate.search.lucene.LuceneIndex;
import org.imgate.search.lucene.LuceneIndexConfig;

/**
 * Search index benchmark (issue 3, item 9): builds a synthetic chat corpus from one feeder thread (as a
 * rebuild from one node's journal does; the indexer uses the cores itself) and
 * prints the indexing rate (and the CPU time it took, the figure that survives a shared machine), then,
 * while a live ingest thread keeps adding messages, the p50/p95/p99 latency of six query classes and the
 * archived-to-searchable (near-real-time) delay. Prints figures; not a test.
 *
 * <p>Usage: {@code bench/run SearchBench [--messages N] [--queries N] [--rate N] [--index DIR] [--refresh-ms MS]
 * [--feeders N]}
 * ({@code --refresh-ms} overrides the index's refresh interval, to measure what it costs). With
 * {@code --index DIR} the index is kept in {@code DIR}; when {@code DIR} already holds one (from an earlier
 * run with the same {@code --messages}), indexing is skipped and only the queries are measured, still with
 * the live ingest running, so a 10M-message index is built once and queried many times.
 */
public final class SearchBench {
    /** The corpus is fed as nodes {@code corpus-0} ... {@code corpus-N}, one per feeder thread. */
    private static final String CORPUS_NODE = "corpus-";
    private static final String LIVE_NODE = "node-live";
    private static final String PROBE_NODE = "node-probe";
    private static final int BATCH = 1_000;
    private static final int PAGE = 50;
    private static final int WARMUP = 20;
    private static final int NRT_PROBES = 50;
    private static final long NRT_GIVE_UP_NANOS = 10_000_000_000L;

    private SearchBench() {
    }

    /** One query class: a name and how to make a query of it from a random source. */
    private record QueryClass(String name, Function<SplittableRandom, String> query) {
    }

    public static void main(String[] args) throws Exception {
        long messages = 1_000_000;
        int queries = 200;
        int ingestRate = 2_000;
        Path kept = null;
        Duration refresh = null;
        Double ramBufferMb = null;
        // one feeder by default, as in production: a rebuild reads one node's journal on one thread, and
        // the indexer spreads large batches over the cores itself; --feeders N feeds N nodes at once
        int feeders = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--messages" -> messages = Long.parseLong(args[++i].replace("_", ""));
                case "--queries" -> queries = Integer.parseInt(args[++i]);
                case "--rate" -> ingestRate = Integer.parseInt(args[++i]);
                case "--index" -> kept = Path.of(args[++i]);
                case "--refresh-ms" -> refresh = Duration.ofMillis(Long.parseLong(args[++i]));
                case "--feeders" -> feeders = Integer.parseInt(args[++i]);
                case "--ram-mb" -> ramBufferMb = Double.parseDouble(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: SearchBench [--messages N] [--queries N] [--rate MSGS_PER_S] [--index DIR]"
                        + " [--refresh-ms MS] [--feeders N] [--ram-mb MB]");
            }
        }
        Path temporary = kept == null ? Files.createTempDirectory("imgate-search-bench") : null;
        Path indexDir = kept == null ? temporary.resolve("index") : kept;
        SyntheticChat chat = new SyntheticChat(20_000, 1.0, messages);
        System.out.printf("search bench: %,d messages, %d users, vocabulary %,d (Zipf 1.0), %d feeder thread(s) (one node each),"
                + " %d queries per class, live ingest %,d msgs/s, index in %s, refresh every %d ms (every %d ms"
                + " while building, as in a replay of the journal)%n",
                messages, SyntheticChat.USERS, chat.vocabularySize(), feeders, queries, ingestRate, indexDir,
                (refresh == null ? LuceneIndexConfig.defaults(indexDir).refreshInterval() : refresh).toMillis(),
                LuceneIndex.REPLAY_REFRESH_INTERVAL.toMillis());
        List<String> report = new ArrayList<>();
        LuceneIndexConfig config = LuceneIndexConfig.defaults(indexDir);
        if (refresh != null) {
            config = config.withIntervals(refresh, config.commitInterval());
        }
        if (ramBufferMb != null) {
            config = config.withRamBufferMb(ramBufferMb);
        }
        try (LuceneIndex index = openOrCreate(config, kept != null)) {
            long corpus = corpusSize(index.indexer(), feeders);
            report.add("load average before indexing: " + loadAverage());
            if (corpus == 0) {
                report.add(generationRate(chat));
                // the build is what a rebuild from the journal does, and indexes as a replay does
                try (LuceneIndex.Replay replay = index.replaying()) {
                    build(index, chat, messages, feeders, report);
                }
            } else {
                if (corpus != messages) {
                    throw new IllegalArgumentException(indexDir + " holds a corpus of " + corpus + " messages, not "
                            + messages + "; pass --messages " + corpus + " or another --index directory");
                }
                report.add(String.format("indexing: skipped, reusing the corpus of %,d messages already in %s",
                        corpus, indexDir));
            }
            report.add(String.format("index size: %.1f MB (%.0f bytes per message)",
                    size(indexDir) / 1e6, (double) size(indexDir) / messages));
            report.add("load average before the queries: " + loadAverage());
            try (LiveIngest ingest = LiveIngest.start(index.indexer(), chat, ingestRate)) {
                measureQueries(index.searcher(), chat, queries, report);
                measureNearRealTime(index, chat, report);
                report.add(String.format("live ingest during the queries: %,d messages (%.0f msgs/s)",
                        ingest.indexed(), ingest.rate()));
            }
            report.add("load average at the end: " + loadAverage());
            index.backgroundFailure().ifPresent(e -> {
                throw new IllegalStateException("the index's background thread failed", e);
            });
        } finally {
            if (temporary != null) {
                TempTree.delete(temporary);
            }
        }
        System.out.println();
        report.forEach(System.out::println);
    }

    /** A kept index directory is reused when it holds a usable index; anything else starts empty. */
    private static LuceneIndex openOrCreate(LuceneIndexConfig config, boolean reuse) throws IOException {
        if (reuse && Files.isDirectory(config.directory())) {
            try {
                return LuceneIndex.open(config);
            } catch (IndexUnusableException e) {
                System.out.println("not reusing " + config.directory() + ": " + e.getMessage());
            }
        }
        return LuceneIndex.createEmpty(config);
    }

    /** How many corpus messages the index holds, by the offsets its indexing threads' nodes reached. */
    private static long corpusSize(DecisionIndexer indexer, int feeders) {
        long count = 0;
        for (int t = 0; t < feeders; t++) {
            Long reached = indexer.committedOffsets().get(CORPUS_NODE + t);
            count += reached == null ? 0 : reached + 1;
        }
        return count;
    }

    /** The sequence number after the last one a node reached in the index, 0 for a node not in it. */
    private static long nextSeq(DecisionIndexer indexer, String node) {
        Long reached = indexer.committedOffsets().get(node);
        return reached == null ? 0 : reached + 1;
    }

    private static void build(LuceneIndex index, SyntheticChat chat, long messages, int feeders, List<String> report)
            throws Exception {
        DecisionIndexer indexer = index.indexer();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        for (int t = 0; t < feeders; t++) {
            int thread = t;
            Thread indexing = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(1000 + thread);
                long seq = 0;
                try {
                    for (long i = thread; i < messages; i += (long) BATCH * feeders) {
                        int count = (int) Math.min(BATCH, (messages - i + feeders - 1) / feeders);
                        indexer.index(chat.batch(CORPUS_NODE + thread, seq, i, feeders, count, random));
                        seq += count;
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }, "index-" + t);
            indexing.start();
            threads.add(indexing);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        double indexed = (System.nanoTime() - start) / 1e9;
        double indexedCpu = (processCpuNanos() - cpuStart) / 1e9;
        indexer.commit();
        double committed = (System.nanoTime() - start) / 1e9;
        index.awaitMerges();
        indexer.commit();
        double settled = (System.nanoTime() - start) / 1e9;
        double settledCpu = (processCpuNanos() - cpuStart) / 1e9;
        report.add(String.format("indexing: %,d messages in %.1f s = %,.0f msgs/s (%,.0f msgs/s including the"
                + " final commit, %.1f s)", messages, indexed, messages / indexed, messages / committed, committed));
        report.add(String.format("  until every merge finished and was committed: %.1f s = %,.0f msgs/s",
                settled, messages / settled));
        report.add(String.format("  process CPU time: %.1f s until the last batch (%,.0f msgs per CPU-second),"
                + " %.1f s with the merges (%,.0f msgs per CPU-second)",
                indexedCpu, messages / indexedCpu, settledCpu, messages / settledCpu));
    }

    /** CPU time of the whole process (all threads, Lucene's merges included), in nanoseconds. */
    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        throw new IllegalStateException("this JVM does not report the process CPU time");
    }

    /** How fast one thread makes corpus messages alone, to show the generator is not what is measured. */
    private static String generationRate(SyntheticChat chat) {
        SplittableRandom random = new SplittableRandom(5);
        int count = 200_000;
        long start = System.nanoTime();
        long bytes = 0;
        for (int i = 0; i < count; i += BATCH) {
            for (IndexedDecision d : chat.batch("node-x", i, i, 1, BATCH, random)) {
                bytes += ((ImEvent.Message) d.decision().event()).body().length();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return String.format("corpus generation alone (1 thread, not indexed): %,.0f msgs/s, mean body %d bytes",
                count / seconds, bytes / count);
    }

    private static List<QueryClass> queryClasses(SyntheticChat chat) {
        int vocabulary = chat.vocabularySize();
        return List.of(
                new QueryClass("common term", r -> chat.word(r.nextInt(10))),
                new QueryClass("rare term", r -> chat.word(vocabulary / 2 + r.nextInt(vocabulary / 2))),
                new QueryClass("AND of two terms", r -> chat.word(10 + r.nextInt(90)) + " "
                        + chat.word(10 + r.nextInt(90))),
                new QueryClass("two-word phrase", r -> {
                    String[] words = chat.body(r).split(" ");
                    int at = r.nextInt(words.length - 1);
                    return "\"" + words[at] + " " + words[at + 1] + "\"";
                }),
                new QueryClass("user timeline", r -> "from:" + SyntheticChat.employee(r.nextInt(SyntheticChat.USERS))),
                new QueryClass("user + keyword + time range", r -> {
                    LocalDate from = LocalDate.ofInstant(SyntheticChat.START, ZoneOffset.UTC).plusDays(r.nextInt(270));
                    return "from:" + SyntheticChat.employee(r.nextInt(SyntheticChat.USERS)) + " "
                            + chat.word(r.nextInt(50)) + " after:" + from + " before:" + from.plusDays(90);
                }));
    }

    private static void measureQueries(ArchiveSearcher searcher, SyntheticChat chat, int queries,
                                       List<String> report) throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        List<QueryClass> classes = queryClasses(chat);
        List<Latencies> results = new ArrayList<>();
        List<Long> hitTotals = new ArrayList<>();
        List<Boolean> exact = new ArrayList<>();
        for (QueryClass queryClass : classes) {
            for (int i = 0; i < WARMUP; i++) {
                searcher.search(SearchRequest.of(queryClass.query().apply(random), PAGE));
            }
        }
        for (QueryClass queryClass : classes) {
            Latencies latencies = new Latencies(queryClass.name());
            long hits = 0;
            boolean allExact = true;
            for (int i = 0; i < queries; i++) {
                SearchRequest request = SearchRequest.of(queryClass.query().apply(random), PAGE);
                long start = System.nanoTime();
                SearchPage page = searcher.search(request);
                latencies.add(System.nanoTime() - start);
                hits += page.totalHits();
                allExact &= page.totalIsExact();
            }
            results.add(latencies);
            hitTotals.add(hits / queries);
            exact.add(allExact);
        }
        report.add(String.format("queries (first page of %d hits, newest first, one at a time, live ingest running):",
                PAGE));
        report.add("  (mean hits: \">=\" where the index stopped counting early, as a first page sorted by time allows)");
        report.add(String.format("  %-30s %8s %8s %8s %12s", "class", "p50 ms", "p95 ms", "p99 ms", "mean hits"));
        for (int c = 0; c < results.size(); c++) {
            Latencies l = results.get(c);
            report.add(String.format("  %-30s %8.2f %8.2f %8.2f %12s", l.name(), l.percentileMillis(0.50),
                    l.percentileMillis(0.95), l.percentileMillis(0.99),
                    (exact.get(c) ? "" : ">=") + String.format("%,d", hitTotals.get(c))));
        }
    }

    private static void measureNearRealTime(LuceneIndex index, SyntheticChat chat, List<String> report)
            throws Exception {
        SplittableRandom random = new SplittableRandom(99);
        Latencies visible = new Latencies("archived to searchable");
        int missed = 0;
        // a reused index holds the probes of earlier runs: these must be new records, not replays
        long firstSeq = nextSeq(index.indexer(), PROBE_NODE);
        for (int probe = 0; probe < NRT_PROBES; probe++) {
            String marker = "marker" + Long.toString(firstSeq + probe, 36) + "x" + Integer.toString(random.nextInt(1 << 20), 36);
            long start = System.nanoTime();
            index.indexer().index(List.of(chat.message(PROBE_NODE, firstSeq + probe, Instant.now(),
                    random.nextInt(1000), "compliance probe " + marker, random)));
            boolean found = false;
            while (System.nanoTime() - start < NRT_GIVE_UP_NANOS) {
                if (index.searcher().search(SearchRequest.of(marker, 1)).totalHits() > 0) {
                    found = true;
                    break;
                }
                Thread.sleep(2);
            }
            if (found) {
                visible.add(System.nanoTime() - start);
            } else {
                missed++;
            }
            Thread.sleep(random.nextInt(100));
        }
        report.add(String.format("near-real-time (%d probes, index() call to first search that finds it, live ingest"
                        + " running): p50 %.0f ms, p99 %.0f ms, max %.0f ms, not found within %d s: %d",
                visible.count(), visible.percentileMillis(0.50), visible.percentileMillis(0.99),
                visible.percentileMillis(1.0), NRT_GIVE_UP_NANOS / 1_000_000_000L, missed));
    }

    static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim() + " (1/5/15 min; "
                    + Runtime.getRuntime().availableProcessors() + " cores)";
        } catch (IOException e) {
            return String.format("%.2f (1 min)", load);
        }
    }

    private static long size(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    /** A thread that keeps indexing new messages at a fixed rate, in batches every 50 ms. */
    private static final class LiveIngest implements AutoCloseable {
        private final DecisionIndexer indexer;
        private final SyntheticChat chat;
        private final int rate;
        private final AtomicLong indexed = new AtomicLong();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final long started = System.nanoTime();
        private volatile boolean running = true;
        private Thread thread;

        private LiveIngest(DecisionIndexer indexer, SyntheticChat chat, int rate) {
            this.indexer = indexer;
            this.chat = chat;
            this.rate = rate;
        }

        static LiveIngest start(DecisionIndexer indexer, SyntheticChat chat, int rate) {
            LiveIngest ingest = new LiveIngest(indexer, chat, rate);
            ingest.thread = new Thread(ingest::run, "live-ingest");
            ingest.thread.start();
            return ingest;
        }

        private void run() {
            SplittableRandom random = new SplittableRandom(7);
            // a reused index holds earlier runs' live messages: continue after them
            long first = nextSeq(indexer, LIVE_NODE);
            long seq = 0;
            try {
                while (running) {
                    long due = (long) ((System.nanoTime() - started) / 1e9 * rate);
                    if (due > seq) {
                        int count = (int) Math.min(due - seq, 1_000);
                        List<IndexedDecision> batch = new ArrayList<>(count);
                        Instant now = Instant.now();
                        for (int k = 0; k < count; k++) {
                            batch.add(chat.message(LIVE_NODE, first + seq + k, now, random));
                        }
                        indexer.index(batch);
                        seq += count;
                        indexed.set(seq);
                    }
                    Thread.sleep(50);
                }
            } catch (Exception e) {
                failure.compareAndSet(null, e);
            }
        }

        long indexed() {
            return indexed.get();
        }

        double rate() {
            return indexed.get() / ((System.nanoTime() - started) / 1e9);
        }

        @Override
        public void close() throws Exception {
            running = false;
            thread.join();
            if (failure.get() != null) {
                throw failure.get();
            }
        }
    }
}
