package org.imgate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
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
import org.imgate.search.IndexedDecision;
import org.imgate.search.SearchPage;
import org.imgate.search.SearchRequest;
import org.imgate.search.lucene.LuceneIndex;
import org.imgate.search.lucene.LuceneIndexConfig;

/**
 * Search index benchmark (issue 3, item 9): builds a synthetic chat corpus with two indexing threads and
 * prints the indexing rate, then, while a live ingest thread keeps adding messages, the p50/p95/p99
 * latency of six query classes and the archived-to-searchable (near-real-time) delay. Prints figures;
 * not a test. Usage: {@code bench/run SearchBench [--messages N] [--queries N] [--rate N] [--dir DIR]}.
 */
public final class SearchBench {
    private static final int INDEX_THREADS = 2;
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
        Path base = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--messages" -> messages = Long.parseLong(args[++i].replace("_", ""));
                case "--queries" -> queries = Integer.parseInt(args[++i]);
                case "--rate" -> ingestRate = Integer.parseInt(args[++i]);
                case "--dir" -> base = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: SearchBench [--messages N] [--queries N] [--rate MSGS_PER_S] [--dir DIR]");
            }
        }
        Path root = base == null ? Files.createTempDirectory("imgate-search-bench") : base;
        SyntheticChat chat = new SyntheticChat(20_000, 1.0, messages);
        System.out.printf("search bench: %,d messages, %d users, vocabulary %,d (Zipf 1.0), %d indexing threads,"
                + " %d queries per class, live ingest %,d msgs/s, index in %s%n",
                messages, SyntheticChat.USERS, chat.vocabularySize(), INDEX_THREADS, queries, ingestRate, root);
        List<String> report = new ArrayList<>();
        try (LuceneIndex index = LuceneIndex.createEmpty(LuceneIndexConfig.defaults(root.resolve("index")))) {
            report.add("load average before indexing: " + loadAverage());
            report.add(generationRate(chat));
            build(index.indexer(), chat, messages, report);
            report.add(String.format("index size: %.1f MB (%.0f bytes per message)",
                    size(root) / 1e6, (double) size(root) / messages));
            report.add("load average after indexing: " + loadAverage());
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
            if (base == null) {
                deleteTree(root);
            }
        }
        System.out.println();
        report.forEach(System.out::println);
    }

    private static void build(DecisionIndexer indexer, SyntheticChat chat, long messages, List<String> report)
            throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < INDEX_THREADS; t++) {
            int thread = t;
            Thread indexing = new Thread(() -> {
                SplittableRandom random = new SplittableRandom(1000 + thread);
                long seq = 0;
                try {
                    for (long i = thread; i < messages; i += (long) BATCH * INDEX_THREADS) {
                        int count = (int) Math.min(BATCH, (messages - i + INDEX_THREADS - 1) / INDEX_THREADS);
                        indexer.index(chat.batch("node-" + thread, seq, i, INDEX_THREADS, count, random));
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
        indexer.commit();
        double committed = (System.nanoTime() - start) / 1e9;
        report.add(String.format("indexing: %,d messages in %.1f s = %,.0f msgs/s (%,.0f msgs/s including the"
                + " final commit, %.1f s)", messages, indexed, messages / indexed, messages / committed, committed));
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
        for (int probe = 0; probe < NRT_PROBES; probe++) {
            String marker = "marker" + Long.toString(probe, 36) + "x" + Integer.toString(random.nextInt(1 << 20), 36);
            long start = System.nanoTime();
            index.indexer().index(List.of(chat.message("node-probe", probe, Instant.now(),
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

    private static String loadAverage() {
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

    private static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
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
            long seq = 0;
            try {
                while (running) {
                    long due = (long) ((System.nanoTime() - started) / 1e9 * rate);
                    if (due > seq) {
                        int count = (int) Math.min(due - seq, 1_000);
                        List<IndexedDecision> batch = new ArrayList<>(count);
                        Instant now = Instant.now();
                        for (int k = 0; k < count; k++) {
                            batch.add(chat.message("node-live", seq + k, now, random));
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
