package org.imgate.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.imgate.bench.search.SyntheticChat;
import org.imgate.search.IndexedDecision;
import org.imgate.search.SearchRequest;
import org.imgate.search.journal.SearchService;
import org.imgate.search.lucene.LuceneIndex;
import org.imgate.search.lucene.LuceneIndexConfig;

/**
 * What live indexing costs, as {@code serve} does it while relaying: records arrive a few at a time at a
 * steady rate (batches every 10 ms), and the index refreshes and commits on its schedule. Each round runs
 * every setting in turn on a fresh index, for the same time at the same rate, and reports the process CPU
 * per message and how long a probe message took to become searchable (checked every 50 ms, so the
 * figure is up to 50 ms late; a probe arrives every 0.3-1.3 s, far more often than people search). With
 * {@code refreshOnSearch} each probe search refreshes first, as a node's searches do. The first round
 * warms the JIT and is not counted. Prints figures; not a test.
 *
 * <p>Usage: {@code bench/run LiveIndexBench [--rate MSGS_PER_S] [--seconds N] [--rounds N]}
 */
public final class LiveIndexBench {

    private static final String NODE = "node-live";
    private static final long TICK_NANOS = 10_000_000L;

    private LiveIndexBench() {
    }

    /** {@code refreshOnSearch}: each probe search refreshes first, as a node's searches do (ADR 0013). */
    private record Setting(String name, Duration refresh, Duration commit, boolean refreshOnSearch) {
    }

    private record Result(double cpuMicrosPerMessage, long nrtP50Ms, long nrtMaxMs) {
    }

    public static void main(String[] args) throws Exception {
        int rate = 4000;
        int seconds = 20;
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: LiveIndexBench [--rate MSGS_PER_S] [--seconds N] [--rounds N]");
            }
        }
        List<Setting> settings = List.of(
                new Setting("serve: refresh/commit 10 s, search refreshes", SearchService.BACKGROUND_INTERVAL,
                        SearchService.BACKGROUND_INTERVAL, true),
                new Setting("before ADR 0013: refresh 200 ms, commit 1 s", Duration.ofMillis(200), Duration.ofSeconds(1),
                        false),
                new Setting("refresh 500 ms, commit 1 s", Duration.ofMillis(500), Duration.ofSeconds(1), false),
                new Setting("refresh 1 s, commit 1 s", Duration.ofSeconds(1), Duration.ofSeconds(1), false));
        System.out.printf("live index bench: %,d msgs/s in batches every 10 ms, %d s per setting, %d counted rounds"
                + " after one warm-up round; load average %s%n", rate, seconds, rounds, SearchBench.loadAverage());
        SyntheticChat chat = new SyntheticChat(20_000, 1.0, 1_000_000);
        Map<Setting, List<Result>> results = new LinkedHashMap<>();
        for (int round = 0; round <= rounds; round++) {
            for (Setting setting : settings) {
                Result result = run(setting, chat, rate, seconds, round);
                System.out.printf("%s %-42s CPU %6.1f us/msg; searchable after p50 %d ms, max %d ms%n",
                        round == 0 ? "warm-up" : "round " + round, setting.name(), result.cpuMicrosPerMessage(),
                        result.nrtP50Ms(), result.nrtMaxMs());
                if (round > 0) {
                    results.computeIfAbsent(setting, s -> new ArrayList<>()).add(result);
                }
            }
        }
        System.out.println();
        System.out.printf("== live indexing at %,d msgs/s, median of %d rounds (load average %s) ==%n", rate, rounds,
                SearchBench.loadAverage());
        results.forEach((setting, list) -> System.out.printf("%-42s CPU %6.1f us/msg (%s); searchable p50 %d ms, max %d ms%n",
                setting.name(), median(list.stream().mapToDouble(Result::cpuMicrosPerMessage).toArray()),
                String.join(", ", list.stream().map(r -> String.format("%.1f", r.cpuMicrosPerMessage())).toList()),
                (long) median(list.stream().mapToDouble(Result::nrtP50Ms).toArray()),
                list.stream().mapToLong(Result::nrtMaxMs).max().orElse(0)));
    }

    private static Result run(Setting setting, SyntheticChat chat, int rate, int seconds, int round) throws Exception {
        Path dir = Files.createTempDirectory("imgate-live-index");
        try {
            LuceneIndexConfig config = LuceneIndexConfig.defaults(dir.resolve("index"))
                    .withIntervals(setting.refresh(), setting.commit());
            SplittableRandom random = new SplittableRandom(round);
            List<Long> searchableMs = new ArrayList<>();
            long messages = 0;
            long cpu;
            try (LuceneIndex index = LuceneIndex.createEmpty(config)) {
                long cpuStart = processCpuNanos();
                long start = System.nanoTime();
                long end = start + seconds * 1_000_000_000L;
                long nextProbe = start + 1_000_000_000L;
                long probeAt = 0;
                String probeWord = null;
                for (long tick = start; tick < end; tick += TICK_NANOS) {
                    long due = (long) ((tick - start) / 1e9 * rate);
                    List<IndexedDecision> batch = new ArrayList<>();
                    Instant now = Instant.now();
                    for (; messages < due; messages++) {
                        batch.add(chat.message(NODE, messages, now, random));
                    }
                    if (probeWord == null && tick >= nextProbe) {
                        probeWord = "probe" + round + "x" + messages;
                        batch.add(chat.message(NODE, messages++, now, 0, "marker " + probeWord, random));
                        probeAt = System.nanoTime();
                    }
                    if (!batch.isEmpty()) {
                        index.indexer().index(batch);
                    }
                    // polled every 50 ms, so that the polling costs little CPU next to the indexing
                    if (probeWord != null && (tick - start) / TICK_NANOS % 5 == 0
                            && probe(index, probeWord, setting.refreshOnSearch())) {
                        searchableMs.add((System.nanoTime() - probeAt) / 1_000_000);
                        probeWord = null;
                        // a random gap, so that probes do not fall into step with the refreshes
                        nextProbe = System.nanoTime() + 300_000_000L + random.nextLong(700_000_000L);
                    }
                    long sleep = tick + TICK_NANOS - System.nanoTime();
                    if (sleep > 0) {
                        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                    }
                }
                cpu = processCpuNanos() - cpuStart;
            }
            searchableMs.sort(null);
            long p50 = searchableMs.isEmpty() ? -1 : searchableMs.get(searchableMs.size() / 2);
            long max = searchableMs.isEmpty() ? -1 : searchableMs.get(searchableMs.size() - 1);
            return new Result(cpu / 1e3 / messages, p50, max);
        } finally {
            TempTree.delete(dir);
        }
    }

    private static boolean probe(LuceneIndex index, String word, boolean refreshFirst) throws Exception {
        if (refreshFirst) {
            index.refresh();
        }
        return index.searcher().search(SearchRequest.of(word, 1)).hits().size() == 1;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        throw new IllegalStateException("this JVM does not report process CPU time");
    }
}
