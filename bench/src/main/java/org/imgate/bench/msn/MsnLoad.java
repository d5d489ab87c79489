package org.imgate.bench.msn;

import org.imgate.bench.load.LoadOptions;
import org.imgate.bench.load.PairTraffic;
import static org.imgate.bench.load.RoundFigures.joined;
import static org.imgate.bench.load.RoundFigures.percentileMillis;
import static org.imgate.bench.load.RoundFigures.ratioLine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * MSN load generator (issue 5, "Benchmark"): for each path to the same kind of upstream (direct,
 * through HAProxy, through imgate) it signs in 2 x pairs MSNP8 users with {@link MsnBenchClient}, puts
 * each pair in a switchboard conversation, and runs two phases: max throughput (each sender keeps at
 * most {@code window} messages in flight) and fixed rate (latency from the intended send time). Paths
 * are interleaved within every round, after uncounted warm-up rounds. Last, it opens idle notification
 * sessions and idle switchboards through imgate and reads what they hold on imgate's heap (jcmd, with a
 * class-histogram delta), then prints every figure.
 *
 * <p>Usage: {@code MsnLoad --target direct=127.0.0.1:P --target haproxy=... --target imgate=...
 * [--pairs 8] [--rounds 5] [--warmup-rounds 1] [--seconds 5] [--rate 400] [--window 32] [--idle 500]
 * [--idle-boards 100] [--imgate-pid PID] [--pid NAME=PID ...]}. Users are {@code load1..load<2*pairs>}
 * and {@code idle1..} at {@code bench.example}; {@code --pid} names processes whose CPU share is printed
 * for each max-throughput phase.
 *
 * <p>Not thread-safe: {@code main} drives it from one thread, starting its own sender and reader threads.
 */
public final class MsnLoad {

    private static final String DOMAIN = "@bench.example";

    private final Map<String, InetSocketAddress> targets;
    private final int pairs;
    private final int seconds;
    private final int rate;
    private final int window;
    private final CpuProbe cpu;
    private int phaseCounter;

    private MsnLoad(Map<String, InetSocketAddress> targets, int pairs, int seconds, int rate, int window, CpuProbe cpu) {
        this.targets = targets;
        this.pairs = pairs;
        this.seconds = seconds;
        this.rate = rate;
        this.window = window;
        this.cpu = cpu;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> pids = new LinkedHashMap<>();
        int[] idleBoards = {100};
        LoadOptions options = LoadOptions.parse(args, 5, 500, (name, value) -> {
            switch (name) {
                case "--pid" -> {
                    String[] nv = value.split("=", 2);
                    pids.put(nv[0], nv[1]);
                }
                case "--idle-boards" -> idleBoards[0] = Integer.parseInt(value);
                default -> {
                    return false;
                }
            }
            return true;
        });
        int idle = options.idle();
        if (idle > 0 && 2L * idleBoards[0] > idle) {
            throw new IllegalArgumentException("--idle-boards " + idleBoards[0] + " needs --idle >= " + 2 * idleBoards[0]);
        }
        Map<String, InetSocketAddress> targets = options.targets();
        int rate = options.rate();
        MsnLoad load = new MsnLoad(targets, options.pairs(), options.seconds(), rate, options.window(),
                new CpuProbe(pids));
        Map<String, List<Double>> throughput = new LinkedHashMap<>();
        Map<String, List<Long>> latency = new LinkedHashMap<>();
        long lost = 0;
        long reordered = 0;
        long stale = 0;
        for (int round = 1 - options.warmupRounds(); round <= options.rounds(); round++) {
            for (String name : targets.keySet()) {
                Result r = load.runPath(name);
                if (round < 1) {
                    System.out.printf(Locale.ROOT, "warm-up  %-8s %9.0f msg/s max (not counted); CPU in max phase: %s%n",
                            name, r.msgsPerSecond, r.cpu);
                    continue;
                }
                throughput.computeIfAbsent(name, k -> new ArrayList<>()).add(r.msgsPerSecond);
                latency.computeIfAbsent(name, k -> new ArrayList<>()).addAll(r.latencies);
                lost += r.lost;
                reordered += r.reordered;
                stale += r.stale;
                System.out.printf(Locale.ROOT, "round %d %-8s %9.0f msg/s max; fixed %d msg/s: p50 %.2f ms p99 %.2f ms;"
                                + " lost %d reordered %d; CPU in max phase: %s%n", round, name, r.msgsPerSecond, rate,
                        percentileMillis(samples(r.latencies), 50), percentileMillis(samples(r.latencies), 99), r.lost,
                        r.reordered, r.cpu);
            }
        }
        String idleReport = "idle memory: not measured (needs --imgate-pid, an imgate target and --idle > 0)";
        if (options.imgatePid() != null && targets.containsKey("imgate") && idle > 0) {
            idleReport = IdleSessions.measure(targets.get("imgate"), new HeapProbe(options.imgatePid()), idle,
                    idleBoards[0]);
        }
        load.printFigures(throughput, latency, lost, reordered, stale, idleReport);
    }

    private record Result(double msgsPerSecond, List<Long> latencies, long lost, long reordered, long stale,
                          String cpu) {
    }

    private Result runPath(String name) throws Exception {
        InetSocketAddress target = targets.get(name);
        List<MsnBenchClient> signedIn = new ArrayList<>();
        List<MsnBenchClient.Conversation> conversations = new ArrayList<>();
        List<AtomicReference<PairTraffic>> sinks = new ArrayList<>();
        try {
            for (int p = 0; p < pairs; p++) {
                MsnBenchClient a = MsnBenchClient.login(target, "load" + (2 * p + 1) + DOMAIN);
                signedIn.add(a);
                MsnBenchClient b = MsnBenchClient.login(target, "load" + (2 * p + 2) + DOMAIN);
                signedIn.add(b);
                MsnBenchClient.Conversation c = MsnBenchClient.converse(a, b);
                conversations.add(c);
                AtomicReference<PairTraffic> sink = new AtomicReference<>(new PairTraffic(-1, 0, 0));
                sinks.add(sink);
                startReader(name + "-" + p + "-callee", c.callee(), sink);
                startReader(name + "-" + p + "-caller", c.caller(), new AtomicReference<>(new PairTraffic(-1, 0, 0)));
            }
            cpu.start();
            Phase max = runPhase(conversations, sinks, 0);
            String cpuShare = cpu.since();
            Phase fixed = runPhase(conversations, sinks, TimeUnit.SECONDS.toNanos(1) * pairs / rate);
            List<Long> lat = new ArrayList<>();
            for (long l : fixed.latencies) {
                lat.add(l);
            }
            return new Result(max.received / (double) seconds, lat, max.lost + fixed.lost,
                    max.reordered + fixed.reordered, max.stale + fixed.stale, cpuShare);
        } finally {
            conversations.forEach(MsnBenchClient.Conversation::close);
            signedIn.forEach(MsnBenchClient::close);
        }
    }

    /** Counts every MSG the session receives into the pair's current phase; ends when the session closes. */
    private static void startReader(String name, MsnBenchClient session, AtomicReference<PairTraffic> sink) {
        Thread reader = new Thread(() -> {
            try {
                MsnWire.Command c;
                while ((c = session.read()) != null) {
                    if (c.verb().equals("MSG")) {
                        sink.get().onMessage(MsnBenchClient.messageText(c));
                    } else if (c.verb().equals("NAK")) {
                        System.err.println("msn-load: " + name + " got " + c + " (a message was refused)");
                    }
                }
            } catch (IOException e) {
                // the session was closed at the end of the path's turn
            }
        }, "reader-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private record Phase(long received, long lost, long reordered, long stale, long[] latencies) {
    }

    /** One phase for all pairs at once; {@code intervalNanos} 0 = max throughput. */
    private Phase runPhase(List<MsnBenchClient.Conversation> conversations, List<AtomicReference<PairTraffic>> sinks,
                           long intervalNanos) throws Exception {
        int phase = ++phaseCounter;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long[] sent = new long[conversations.size()];
        List<PairTraffic> counts = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (int p = 0; p < conversations.size(); p++) {
            PairTraffic count = new PairTraffic(phase, start, intervalNanos);
            counts.add(count);
            sinks.get(p).set(count);
            MsnBenchClient sender = conversations.get(p).caller();
            int pair = p;
            Thread thread = new Thread(() -> {
                try {
                    sent[pair] = intervalNanos == 0 ? sendMax(sender, count, phase, start, end)
                            : sendFixed(sender, phase, start, end, intervalNanos);
                } catch (IOException e) {
                    failure.compareAndSet(null, e);
                }
            }, "sender-" + p);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < drainUntil) {
            long received = 0;
            long totalSent = 0;
            for (int p = 0; p < counts.size(); p++) {
                received += counts.get(p).received();
                totalSent += sent[p];
            }
            if (received >= totalSent) {
                break;
            }
            Thread.sleep(20);
        }
        long lost = 0;
        long reordered = 0;
        long stale = 0;
        long counted = 0;
        List<long[]> lats = new ArrayList<>();
        for (int p = 0; p < counts.size(); p++) {
            PairTraffic c = counts.get(p);
            lost += Math.max(0, sent[p] - c.received());
            reordered += c.reordered();
            stale += c.stale();
            counted += Math.min(sent[p], c.received());
            lats.add(c.latencies());
        }
        return new Phase(counted, lost, reordered, stale, lats.stream().flatMapToLong(Arrays::stream).toArray());
    }

    private long sendMax(MsnBenchClient sender, PairTraffic count, int phase, long start, long end) throws IOException {
        LockSupport.parkNanos(start - System.nanoTime());
        long seq = 0;
        while (System.nanoTime() < end) {
            if (seq - count.received() < window) {
                sender.sendMessage(PairTraffic.text(phase, seq++));
            } else {
                LockSupport.parkNanos(20_000);
            }
        }
        return seq;
    }

    private static long sendFixed(MsnBenchClient sender, int phase, long start, long end, long intervalNanos)
            throws IOException {
        long seq = 0;
        while (true) {
            long intended = start + seq * intervalNanos;
            if (intended >= end) {
                return seq;
            }
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            sender.sendMessage(PairTraffic.text(phase, seq++));
        }
    }

    private void printFigures(Map<String, List<Double>> throughput, Map<String, List<Long>> latency, long lost,
                              long reordered, long stale, String idleReport) {
        System.out.println();
        System.out.printf(Locale.ROOT, "== MSN load: %d pairs (%d notification + %d switchboard sessions) per path, %d s"
                        + " per phase, fixed rate %d msg/s total, window %d ==%n", pairs, 2 * pairs, 2 * pairs, seconds,
                rate, window);
        for (var e : throughput.entrySet()) {
            double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            long[] l = samples(latency.get(e.getKey()));
            System.out.printf(Locale.ROOT, "%-8s max %9.0f msg/s (median of %s)   fixed-rate latency p50 %.2f ms"
                            + " p99 %.2f ms p99.9 %.2f ms%n", e.getKey(), v[v.length / 2], joined(v),
                    percentileMillis(l, 50), percentileMillis(l, 99), percentileMillis(l, 99.9));
        }
        for (String[] pair : List.of(new String[] {"haproxy", "direct"}, new String[] {"imgate", "direct"},
                new String[] {"imgate", "haproxy"})) {
            if (throughput.containsKey(pair[0]) && throughput.containsKey(pair[1])) {
                System.out.println(ratioLine(pair[0], pair[1], throughput.get(pair[0]), throughput.get(pair[1])));
            }
        }
        if (latency.containsKey("direct")) {
            long[] d = samples(latency.get("direct"));
            for (String path : latency.keySet()) {
                if (!path.equals("direct")) {
                    long[] l = samples(latency.get(path));
                    System.out.printf(Locale.ROOT, "added latency %s vs direct: p50 %+.2f ms, p99 %+.2f ms, p99.9 %+.2f ms%n",
                            path, percentileMillis(l, 50) - percentileMillis(d, 50),
                            percentileMillis(l, 99) - percentileMillis(d, 99),
                            percentileMillis(l, 99.9) - percentileMillis(d, 99.9));
                }
            }
        }
        System.out.printf("messages lost: %d, reordered: %d, stale: %d%n", lost, reordered, stale);
        System.out.println(idleReport);
    }

    private static long[] samples(List<Long> latencies) {
        return latencies.stream().mapToLong(Long::longValue).toArray();
    }
}
