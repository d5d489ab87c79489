package org.imgate.bench;

import org.imgate.archive.ArchiveConfig;
import org.imgate.archive.Journal;
import org.imgate.archive.JournalSettings;
import org.imgate.archive.RecordType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Durable journal appends per second of 256-byte records, with group commit and with one fsync per
 * record, measured in the same run, plus commit latency (append call to durable completion) p50/p99.
 * Prints figures; not a test. Usage: {@code bench/run JournalBench [--seconds N] [--dir DIR]}.
 */
public final class JournalBench {
    private static final int PAYLOAD_BYTES = 256;
    private static final int APPENDERS = 4;

    private JournalBench() {
    }

    /** One measured phase. */
    private record Result(String name, long appends, double seconds, long failures, long[] latencies, int n) {
        double perSecond() {
            return appends / seconds;
        }

        double percentileMicros(double p) {
            if (n == 0) {
                return Double.NaN;
            }
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            return sorted[Math.min(n - 1, (int) Math.ceil(p * n) - 1)] / 1000.0;
        }
    }

    public static void main(String[] args) throws Exception {
        double seconds = 5;
        Path base = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--dir" -> base = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: JournalBench [--seconds N] [--dir DIR]");
            }
        }
        Path root = base == null ? Files.createTempDirectory("imgate-journal-bench") : base;
        System.out.printf("journal bench: %d-byte payloads, %d appender threads, %.0f s per phase, data in %s%n",
                PAYLOAD_BYTES, APPENDERS, seconds, root);
        try {
            ArchiveConfig group = new ArchiveConfig(null, null, null, null, null, Duration.ZERO, 4096);
            ArchiveConfig single = new ArchiveConfig(null, null, null, null, null, Duration.ZERO, 1);
            Result g = run("group commit, 4x1024 in flight", root.resolve("group"), group, 1024, seconds);
            Result light = run("group commit, 4x16 in flight", root.resolve("light"), group, 16, seconds);
            Result s = run("one fsync per record, 4x4 in flight", root.resolve("single"), single, 4, seconds);
            System.out.println("(group commit: max-batch 4096, no commit window: records arriving during an fsync share the next;"
                    + " the server's default 1 ms window only lingers for a steady stream; single: max-batch 1, no window)");
            print(g);
            print(light);
            print(s);
            System.out.printf("ratio group/single: %.1fx%n", g.perSecond() / s.perSecond());
        } finally {
            if (base == null) {
                TempTree.delete(root);
            }
        }
    }

    private static Result run(String name, Path dataDir, ArchiveConfig config, int inFlightPerThread,
                              double seconds) throws Exception {
        long[] latencies = new long[4 << 20];
        AtomicLong recorded = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong completed = new AtomicLong();
        byte[] payload = new byte[PAYLOAD_BYTES];
        Arrays.fill(payload, (byte) 'm');
        long warmupNanos = 1_000_000_000L;
        long runNanos = (long) (seconds * 1e9);
        long[] window = new long[2];
        long countAtStart;
        long countAtEnd;
        try (Journal journal = Journal.open(new JournalSettings(dataDir, "bench", config, Clock.systemUTC(), null))) {
            long start = System.nanoTime();
            window[0] = start + warmupNanos;
            window[1] = window[0] + runNanos;
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < APPENDERS; t++) {
                Thread th = new Thread(() -> {
                    Semaphore inFlight = new Semaphore(inFlightPerThread);
                    while (System.nanoTime() < window[1]) {
                        inFlight.acquireUninterruptibly();
                        long sent = System.nanoTime();
                        journal.append(RecordType.AUDIT, payload).whenComplete((seq, err) -> {
                            long now = System.nanoTime();
                            inFlight.release();
                            if (err != null) {
                                failures.incrementAndGet();
                                return;
                            }
                            completed.incrementAndGet();
                            if (sent >= window[0] && now <= window[1]) {
                                long i = recorded.getAndIncrement();
                                if (i < latencies.length) {
                                    latencies[(int) i] = now - sent;
                                }
                            }
                        });
                    }
                    inFlight.acquireUninterruptibly(inFlightPerThread);
                }, "appender-" + t);
                threads.add(th);
                th.start();
            }
            sleepUntil(window[0]);
            countAtStart = completed.get();
            sleepUntil(window[1]);
            countAtEnd = completed.get();
            for (Thread th : threads) {
                th.join();
            }
        }
        int n = (int) Math.min(recorded.get(), latencies.length);
        return new Result(name, countAtEnd - countAtStart, runNanos / 1e9, failures.get(), latencies, n);
    }

    private static void print(Result r) {
        System.out.printf("%-38s %,12.0f durable appends/s   commit latency p50 %,9.1f us  p99 %,9.1f us"
                        + "   (%,d appends measured, %d failed)%n",
                r.name(), r.perSecond(), r.percentileMicros(0.50), r.percentileMicros(0.99), r.appends(),
                r.failures());
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }
}
