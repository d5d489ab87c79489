package org.imgate.bench.xmpp;

import org.imgate.bench.load.CpuTrace;
import org.imgate.bench.load.LoadOptions;
import org.imgate.bench.load.PairTraffic;
import org.imgate.bench.load.ProcessCpu;
import org.imgate.bench.load.ShellHook;
import static org.imgate.bench.load.RoundFigures.joined;
import static org.imgate.bench.load.RoundFigures.percentileMillis;
import static org.imgate.bench.load.RoundFigures.ratioLine;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * XMPP load generator: for each of several paths to the same Prosody (direct, through HAProxy, through
 * imgate) it logs in real sessions (STARTTLS + SASL PLAIN, {@link RawXmppSession}) and measures, in
 * interleaved rounds so that a drift in machine load hits every path alike:
 * <ul>
 *   <li><b>max throughput</b>: {@code pairs} sender/receiver pairs, logged in afresh each round, each
 *       sender keeping at most {@code window} messages in flight;</li>
 *   <li><b>fixed rate</b>: {@code rate-pairs} pairs (logged in once per path before the rounds and kept
 *       open) sending {@code rate} messages/s in total, evenly staggered; each message's latency is its
 *       receive time minus its <em>intended</em> send time, so a sender held up behind a slow path cannot
 *       hide the delay (no coordinated omission). It starts once the processes named with
 *       {@code --quiet-pid} have gone quiet after the max-throughput phase.</li>
 * </ul>
 * Every message carries a stanza id, as real clients' messages do. After the rounds it closes the
 * fixed-rate sessions, opens {@code idle} sessions through imgate and reads the imgate JVM's heap and
 * class histogram (jcmd, after full GCs) before and after, printing the classes that grew most.
 *
 * <p>Usage: {@code XmppLoad --target direct=127.0.0.1:25222 --target haproxy=... --target imgate=...
 * --trust ca.pem [--trust ...] --password PW [--domain example.test] [--pairs 8] [--rate-pairs 8]
 * [--rounds 3] [--warmup-rounds 1] [--seconds 5] [--rate 400] [--window 32] [--idle 300]
 * [--imgate-pid PID] [--quiet-pid PID ...]}. Users are {@code load1..load<2*max(pairs, rate-pairs)>},
 * all with the same password. Figures are printed last.
 */
public final class XmppLoad {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final int LOGIN_THREADS = 8;
    private static final int MAX_SENDER_THREADS = 4;
    private static final long QUIET_WINDOW_MILLIS = 500;
    private static final long QUIET_CPU_NANOS = 25_000_000L; // 5% of a core over the window
    private static final long QUIET_MAX_WAIT_MILLIS = 15_000;

    private final Map<String, InetSocketAddress> targets;
    private final SSLContext tls;
    private final String domain;
    private final String password;
    private final int pairs;
    private final int ratePairs;
    private final int seconds;
    private final int rate;
    private final int window;
    private final String imgatePid;
    private final List<String> quietPids;
    private int phaseCounter;

    private XmppLoad(Map<String, InetSocketAddress> targets, SSLContext tls, String domain, String password,
                     int pairs, int ratePairs, int seconds, int rate, int window, String imgatePid,
                     List<String> quietPids) {
        this.targets = targets;
        this.tls = tls;
        this.domain = domain;
        this.password = password;
        this.pairs = pairs;
        this.ratePairs = ratePairs;
        this.seconds = seconds;
        this.rate = rate;
        this.window = window;
        this.imgatePid = imgatePid;
        this.quietPids = List.copyOf(quietPids);
    }

    public static void main(String[] args) throws Exception {
        List<Path> trust = new ArrayList<>();
        String[] domain = {"example.test"};
        String[] password = {null};
        Integer[] ratePairs = {null};
        List<String> quietPids = new ArrayList<>();
        LoadOptions options = LoadOptions.parse(args, 3, 300, (name, value) -> {
            switch (name) {
                case "--trust" -> trust.add(Path.of(value));
                case "--domain" -> domain[0] = value;
                case "--password" -> password[0] = value;
                case "--rate-pairs" -> ratePairs[0] = Integer.parseInt(value);
                case "--quiet-pid" -> quietPids.add(value);
                default -> {
                    return false;
                }
            }
            return true;
        });
        if (trust.isEmpty() || password[0] == null) {
            throw new IllegalArgumentException("--target, --trust and --password are required");
        }
        int pairs = options.pairs();
        XmppLoad load = new XmppLoad(options.targets(), sslContext(trust), domain[0], password[0], pairs,
                ratePairs[0] == null ? pairs : ratePairs[0], options.seconds(), options.rate(), options.window(),
                options.imgatePid(), quietPids);
        load.run(options.rounds(), options.warmupRounds(), options.idle());
    }

    private void run(int rounds, int warmup, int idle) throws Exception {
        Map<String, PathFigures> figures = new LinkedHashMap<>();
        Map<String, PairSet> rateSessions = new LinkedHashMap<>();
        try (CpuTrace ignored = startCpuTrace()) {
            for (String name : targets.keySet()) {
                long t0 = System.nanoTime();
                rateSessions.put(name, PairSet.login(this, name, ratePairs, "f-" + name));
                System.out.printf(Locale.ROOT, "logged in %d fixed-rate sessions via %s in %.1f s%n", 2 * ratePairs,
                        name, (System.nanoTime() - t0) / 1e9);
                figures.put(name, new PathFigures());
            }
            for (int round = 1 - warmup; round <= rounds; round++) {
                for (String name : targets.keySet()) {
                    RoundResult r = runRound(name, round + warmup, round, rateSessions.get(name));
                    if (round < 1) {
                        System.out.printf(Locale.ROOT, "warm-up  %-8s %9.0f msg/s max (not counted: JIT and caches)%n",
                                name, r.msgsPerSecond);
                        continue;
                    }
                    figures.get(name).add(r);
                    System.out.printf(Locale.ROOT, "round %d %-8s %9.0f msg/s max; fixed %d msg/s over %d sessions"
                                    + " (quiet after %.1f s): p50 %.2f p99 %.2f p99.9 %.2f ms; lost %d reordered %d;"
                                    + " CPU per 1k msgs: bench %.0f ms%s%n", round, name, r.msgsPerSecond, rate,
                            2 * ratePairs, r.quietMillis / 1000.0,
                            percentileMillis(r.latencies, 50), percentileMillis(r.latencies, 99),
                            percentileMillis(r.latencies, 99.9), r.lost, r.reordered, r.benchCpuPerK,
                            Double.isNaN(r.imgateCpuPerK) ? "" : String.format(Locale.ROOT,
                                    ", imgate %.0f ms (%s); at the fixed rate alone imgate %.0f ms (%s)",
                                    r.imgateCpuPerK, split(r.imgateSplitPerK), r.fixedImgateCpuPerK,
                                    split(r.fixedSplitPerK)));
                }
            }
        } finally {
            rateSessions.values().forEach(PairSet::close);
        }
        String perfDir = System.getenv("XMPP_LOAD_PERF");
        if (imgatePid != null && perfDir != null && !perfDir.isBlank()) {
            jcmd(imgatePid, "Compiler.perfmap"); // /tmp/perf-PID.map: names for the JIT's code in perf report
        }
        String idleLine = "heap per idle session: not measured (needs --imgate-pid, an imgate target and --idle > 0)";
        if (imgatePid != null && targets.containsKey("imgate") && idle > 0) {
            idleLine = idleHeap(targets.get("imgate"), imgatePid, idle);
        }
        printFigures(figures, idleLine);
    }

    /** Per-path figures over the counted rounds. */
    private static final class PathFigures {
        final List<Double> throughput = new ArrayList<>();
        long[] latencies = new long[0];
        long lost;
        long reordered;
        final List<Double> imgateCpu = new ArrayList<>();
        final Map<String, List<Double>> imgateSplit = new LinkedHashMap<>();
        final List<Double> fixedImgateCpu = new ArrayList<>();
        final Map<String, List<Double>> fixedSplit = new LinkedHashMap<>();

        void add(RoundResult r) {
            r.imgateSplitPerK.forEach((group, ms) -> imgateSplit.computeIfAbsent(group, g -> new ArrayList<>()).add(ms));
            throughput.add(r.msgsPerSecond);
            long[] merged = Arrays.copyOf(latencies, latencies.length + r.latencies.length);
            System.arraycopy(r.latencies, 0, merged, latencies.length, r.latencies.length);
            latencies = merged;
            lost += r.lost;
            reordered += r.reordered;
            r.fixedSplitPerK.forEach((group, ms) -> fixedSplit.computeIfAbsent(group, g -> new ArrayList<>()).add(ms));
            if (!Double.isNaN(r.fixedImgateCpuPerK)) {
                fixedImgateCpu.add(r.fixedImgateCpuPerK);
            }
            if (!Double.isNaN(r.imgateCpuPerK)) {
                imgateCpu.add(r.imgateCpuPerK);
            }
        }
    }

    /**
     * {@code fixedImgateCpuPerK}: imgate's CPU per 1,000 messages in the fixed-rate phase alone (P2's shape:
     * one message per read on many quiet sessions, where nothing is amortised over a batch).
     */
    private record RoundResult(double msgsPerSecond, long[] latencies, long lost, long reordered,
                               double benchCpuPerK, double imgateCpuPerK, Map<String, Double> imgateSplitPerK,
                               double fixedImgateCpuPerK, Map<String, Double> fixedSplitPerK, long quietMillis) {
    }

    private RoundResult runRound(String name, int round, int countedRound, PairSet fixedSessions) throws Exception {
        boolean isImgate = name.equals("imgate") && imgatePid != null;
        Phase max;
        try (PairSet maxSessions = PairSet.login(this, name, pairs, "s" + round)) {
            max = runPhase(maxSessions, 0, isImgate);
        }
        long quietAfter = awaitQuiet();
        ShellHook.run("XMPP_LOAD_BEFORE_FIXED");
        Process perf = isImgate && countedRound > 0 ? startPerf(countedRound) : null;
        Phase fixed;
        try {
            fixed = runPhase(fixedSessions, TimeUnit.SECONDS.toNanos(1) * ratePairs / rate, isImgate);
        } finally {
            ShellHook.run("XMPP_LOAD_AFTER_FIXED");
        }
        if (perf != null && (!perf.waitFor(seconds + 30L, TimeUnit.SECONDS) || perf.exitValue() != 0)) {
            perf.destroy();
            System.err.printf(Locale.ROOT, "xmpp-load: perf failed in round %d (run it by hand to see why)%n",
                    countedRound);
        }
        double benchCpuPerK = (max.benchCpuNanos + fixed.benchCpuNanos) / 1e6
                / Math.max(1, (max.received + fixed.received) / 1000.0);
        double imgateCpuPerK = isImgate ? (max.imgateCpuNanos + fixed.imgateCpuNanos) / 1e6
                / Math.max(1, (max.received + fixed.received) / 1000.0) : Double.NaN;
        Map<String, Double> split = new LinkedHashMap<>();
        Map<String, Double> fixedSplit = new LinkedHashMap<>();
        double fixedPerK = Math.max(1, fixed.received / 1000.0);
        if (isImgate) {
            for (String group : ThreadCpu.GROUPS) {
                split.put(group, (max.imgateThreadNanos.get(group) + fixed.imgateThreadNanos.get(group)) / 1e6
                        / Math.max(1, (max.received + fixed.received) / 1000.0));
                fixedSplit.put(group, fixed.imgateThreadNanos.get(group) / 1e6 / fixedPerK);
            }
        }
        double fixedImgateCpuPerK = isImgate ? fixed.imgateCpuNanos / 1e6 / fixedPerK : Double.NaN;
        return new RoundResult(max.received / (double) seconds, fixed.latencies, max.lost + fixed.lost,
                max.reordered + fixed.reordered, benchCpuPerK, imgateCpuPerK, split, fixedImgateCpuPerK, fixedSplit,
                quietAfter);
    }

    /**
     * With {@code XMPP_LOAD_PERF=DIR}, samples imgate's threads (user and kernel stacks) with Linux
     * {@code perf} for the length of this counted round's fixed-rate phase, into DIR/fixed-roundN.data;
     * after the last round the JIT's symbol map is written for {@code perf report} (see bench/xmpp-load).
     * With {@code XMPP_LOAD_PERF_EVENTS} set, counts those events per thread instead (DIR/fixed-roundN.stat).
     */
    private Process startPerf(int countedRound) throws IOException {
        String dir = System.getenv("XMPP_LOAD_PERF");
        if (dir == null || dir.isBlank()) {
            return null;
        }
        String events = System.getenv("XMPP_LOAD_PERF_EVENTS");
        List<String> command = events == null || events.isBlank()
                ? List.of("perf", "record", "-F", "499", "-g", "-p", imgatePid, "-o",
                        Path.of(dir, "fixed-round" + countedRound + ".data").toAbsolutePath().toString())
                : List.of("perf", "stat", "--per-thread", "-e", events, "-p", imgatePid, "-o",
                        Path.of(dir, "fixed-round" + countedRound + ".stat").toAbsolutePath().toString());
        List<String> timed = new ArrayList<>(command);
        timed.addAll(List.of("--", "sleep", Integer.toString(seconds)));
        return new ProcessBuilder(timed).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    /** Logged-in sender/receiver pairs of one path, each receiver read by its own thread. */
    private static final class PairSet implements AutoCloseable {
        final List<RawXmppSession> senders = new ArrayList<>();
        final List<RawXmppSession> receivers = new ArrayList<>();
        final List<AtomicReference<PairTraffic>> sinks = new ArrayList<>();
        final String name;

        private PairSet(String name) {
            this.name = name;
        }

        static PairSet login(XmppLoad load, String name, int count, String resource) throws Exception {
            InetSocketAddress target = load.targets.get(name);
            PairSet set = new PairSet(name);
            ExecutorService logins = Executors.newFixedThreadPool(Math.min(LOGIN_THREADS, count));
            try {
                List<Future<RawXmppSession[]>> pending = new ArrayList<>();
                for (int p = 0; p < count; p++) {
                    int pair = p;
                    pending.add(logins.submit(() -> new RawXmppSession[] {
                            RawXmppSession.login(target, load.domain, load.tls, "load" + (2 * pair + 1), load.password,
                                    resource),
                            RawXmppSession.login(target, load.domain, load.tls, "load" + (2 * pair + 2), load.password,
                                    resource)}));
                }
                for (Future<RawXmppSession[]> f : pending) {
                    RawXmppSession[] pair = f.get();
                    set.senders.add(pair[0]);
                    set.receivers.add(pair[1]);
                }
            } catch (Exception e) {
                set.close();
                throw e;
            } finally {
                logins.shutdownNow();
            }
            for (int p = 0; p < count; p++) {
                RawXmppSession receiver = set.receivers.get(p);
                AtomicReference<PairTraffic> sink = new AtomicReference<>(new PairTraffic(-1, 0, 0));
                set.sinks.add(sink);
                Thread reader = new Thread(null, () -> {
                    try {
                        receiver.readMessages(b -> sink.get().onMessage(b));
                    } catch (IOException e) {
                        // the session was closed at the end of its use
                    }
                }, "reader-" + name + "-" + resource + "-" + p, 256 * 1024);
                reader.setDaemon(true);
                reader.start();
            }
            return set;
        }

        int size() {
            return senders.size();
        }

        @Override
        public void close() {
            senders.forEach(RawXmppSession::close);
            receivers.forEach(RawXmppSession::close);
        }
    }

    private record Phase(long received, long lost, long reordered, long[] latencies, long benchCpuNanos,
                         long imgateCpuNanos, Map<String, Long> imgateThreadNanos) {
    }

    /** One phase for all pairs of {@code set} at once; {@code intervalNanos} per pair, 0 = max throughput. */
    private Phase runPhase(PairSet set, long intervalNanos, boolean measureImgate) throws Exception {
        int phase = ++phaseCounter;
        int n = set.size();
        // imgate's CPU readings first: jcmd starts a JVM, whose start-up would otherwise take CPU from
        // imgate in the phase's first few hundred milliseconds
        long benchCpu0 = processCpuNanos();
        long imgateCpu0 = measureImgate ? ProcessCpu.nanos(imgatePid) : 0;
        Map<String, Long> threads0 = measureImgate ? ThreadCpu.snapshot(imgatePid) : Map.of();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long[] sent = new long[n];
        List<PairTraffic> traffic = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            // fixed rate: pair p's messages are due at start + offset_p + seq * interval, spread evenly
            PairTraffic t = new PairTraffic(phase, start + (intervalNanos == 0 ? 0 : intervalNanos * p / n),
                    intervalNanos);
            traffic.add(t);
            set.sinks.get(p).set(t);
        }
        List<Thread> threads = new ArrayList<>();
        Exception[] failure = new Exception[1];
        int senderThreads = intervalNanos == 0 ? n : Math.min(n, MAX_SENDER_THREADS);
        for (int s = 0; s < senderThreads; s++) {
            int first = s;
            Thread thread = new Thread(() -> {
                try {
                    if (intervalNanos == 0) {
                        sent[first] = sendMax(set.senders.get(first), set.receivers.get(first).fullJid(),
                                traffic.get(first), phase, start, end);
                    } else {
                        sendFixed(set, traffic, sent, first, senderThreads, phase, end, intervalNanos);
                    }
                } catch (IOException e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            }, "sender-" + s);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < drainUntil) {
            long received = 0;
            long totalSent = 0;
            for (int p = 0; p < n; p++) {
                received += traffic.get(p).received();
                totalSent += sent[p];
            }
            if (received >= totalSent) {
                break;
            }
            Thread.sleep(20);
        }
        long benchCpu = processCpuNanos() - benchCpu0;
        long imgateCpu = measureImgate ? ProcessCpu.nanos(imgatePid) - imgateCpu0 : 0;
        Map<String, Long> threadCpu = measureImgate ? ThreadCpu.minus(ThreadCpu.snapshot(imgatePid), threads0) : Map.of();
        long lost = 0;
        long reordered = 0;
        List<long[]> lats = new ArrayList<>();
        long counted = 0;
        for (int p = 0; p < n; p++) {
            PairTraffic t = traffic.get(p);
            lost += Math.max(0, sent[p] - t.received());
            reordered += t.reordered();
            lats.add(t.latencies());
            counted += Math.min(sent[p], t.received());
        }
        long[] all = lats.stream().flatMapToLong(Arrays::stream).toArray();
        if (intervalNanos > 0) {
            writeLatencyTrace(set.name, phase, start, traffic);
        }
        return new Phase(counted, lost, reordered, all, benchCpu, imgateCpu, threadCpu);
    }

    /**
     * With {@code XMPP_LOAD_LATENCY_TRACE=DIR}, samples the CPU of the host, this bench, imgate and the
     * other {@code --quiet-pid} processes (named by their command) into DIR/cpu.tsv for the whole run;
     * {@code TraceReport} puts it beside a phase's latencies. Null when not tracing.
     */
    private CpuTrace startCpuTrace() throws IOException {
        Path dir = latencyTraceDir();
        if (dir == null) {
            return null;
        }
        Map<String, String> processes = new LinkedHashMap<>();
        processes.put("bench", "self");
        if (imgatePid != null) {
            processes.put("imgate", imgatePid);
        }
        for (String pid : quietPids) {
            if (!pid.equals(imgatePid)) {
                String command;
                try {
                    command = Files.readString(Path.of("/proc", pid, "comm")).strip();
                } catch (IOException gone) {
                    command = "pid";
                }
                processes.put(processes.containsKey(command) ? command + "-" + pid : command, pid);
            }
        }
        return CpuTrace.start(dir.resolve("cpu.tsv"), processes);
    }

    /** {@code XMPP_LOAD_LATENCY_TRACE}: where the latency and CPU traces go; null when not tracing. */
    private static Path latencyTraceDir() {
        String dir = System.getenv("XMPP_LOAD_LATENCY_TRACE");
        return dir == null || dir.isBlank() ? null : Path.of(dir);
    }

    /**
     * With {@code XMPP_LOAD_LATENCY_TRACE=DIR}, writes each fixed-rate phase's samples to
     * DIR/phaseN-PATH.tsv (a first line with the phase's start in UTC, then: pair, milliseconds from the
     * phase's start to the message's intended send time, latency in milliseconds), to see when in a phase
     * the slow messages were due, on which sessions, and what the servers' logs say of that moment.
     */
    private static void writeLatencyTrace(String path, int phase, long start, List<PairTraffic> traffic)
            throws IOException {
        Path dir = latencyTraceDir();
        if (dir == null) {
            return;
        }
        long startEpochMillis = System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        StringBuilder tsv = new StringBuilder("# phase start " + java.time.Instant.ofEpochMilli(startEpochMillis)
                + "\npair\tdue_ms\tlatency_ms\n");
        for (int p = 0; p < traffic.size(); p++) {
            long[] due = traffic.get(p).intendedTimes();
            long[] latency = traffic.get(p).latencies();
            for (int i = 0; i < due.length; i++) {
                tsv.append(p).append('\t').append(String.format(Locale.ROOT, "%.3f\t%.3f%n",
                        (due[i] - start) / 1e6, latency[i] / 1e6));
            }
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("phase" + phase + "-" + path + ".tsv"), tsv);
    }

    private long sendMax(RawXmppSession sender, String to, PairTraffic t, int phase, long start, long end)
            throws IOException {
        LockSupport.parkNanos(start - System.nanoTime());
        long seq = 0;
        while (System.nanoTime() < end) {
            if (seq - t.received() < window) {
                sender.sendMessage(to, PairTraffic.text(phase, seq++));
            } else {
                t.awaitReceivedAbove(seq - window, end);
            }
        }
        return seq;
    }

    /**
     * Sends, for the pairs {@code first}, {@code first + stride}, ..., every message at its intended time
     * (or as soon as possible after it, when this thread fell behind).
     */
    private static void sendFixed(PairSet set, List<PairTraffic> traffic, long[] sent, int first, int stride,
                                  int phase, long end, long intervalNanos) throws IOException {
        for (long seq = 0; ; seq++) {
            boolean any = false;
            for (int p = first; p < set.size(); p += stride) {
                long intended = traffic.get(p).intendedNanos(seq);
                if (intended >= end) {
                    continue;
                }
                any = true;
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                set.senders.get(p).sendMessage(set.receivers.get(p).fullJid(), PairTraffic.text(phase, seq));
                sent[p] = seq + 1;
            }
            if (!any) {
                return;
            }
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * Before a fixed-rate phase, waits until the processes named with {@code --quiet-pid} (the server,
     * HAProxy, imgate) together used under 5% of a core over half a second, at most 15 s, so that the work a
     * max-throughput burst leaves behind (imgate indexing it, the JIT compiling, Prosody collecting its
     * garbage) is not charged to the latencies of the path that happens to run next.
     *
     * @return how long it waited, in milliseconds
     */
    private long awaitQuiet() throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.MILLISECONDS.toNanos(QUIET_MAX_WAIT_MILLIS);
        long before = quietPidsCpuNanos();
        while (!quietPids.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(QUIET_WINDOW_MILLIS);
            long now = quietPidsCpuNanos();
            if (now - before < QUIET_CPU_NANOS) {
                break;
            }
            before = now;
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private long quietPidsCpuNanos() {
        long sum = 0;
        for (String pid : quietPids) {
            sum += ProcessCpu.nanos(pid);
        }
        return sum;
    }

    private String idleHeap(InetSocketAddress target, String pid, int count) throws Exception {
        settleImgate();
        long before = heapUsedKb(pid);
        Map<String, long[]> histogramBefore = histogram(pid);
        String dump = System.getenv("XMPP_LOAD_HEAP_DUMP");
        if (dump != null && !dump.isBlank()) {
            jcmd(pid, "GC.heap_dump " + Path.of(dump + ".before").toAbsolutePath());
        }
        List<RawXmppSession> idle = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                idle.add(RawXmppSession.login(target, domain, tls, "load" + (i % (2 * Math.max(pairs, ratePairs)) + 1),
                        password, "idle" + i));
            }
            Thread.sleep(2000);
            settleImgate();
            long after = heapUsedKb(pid);
            Map<String, long[]> histogramAfter = histogram(pid);
            if (dump != null && !dump.isBlank()) {
                jcmd(pid, "GC.heap_dump " + Path.of(dump).toAbsolutePath());
            }
            long liveBytes = 0;
            for (var e : histogramAfter.entrySet()) {
                liveBytes += e.getValue()[1] - histogramBefore.getOrDefault(e.getKey(), new long[2])[1];
            }
            return String.format(Locale.ROOT, "heap per idle session through imgate: %.1f KB (%d sessions, heap used"
                    + " after full GC %d KB -> %d KB; Java heap only, TLS on both legs)%n"
                    + "live objects per idle session (sum of the class histogram's growth): %.1f KB%n"
                    + "classes that grew most with the idle sessions open (jcmd GC.class_histogram after - before):%n%s",
                    (after - before) / (double) count, count, before, after, liveBytes / 1024.0 / count,
                    histogramDelta(histogramBefore, histogramAfter, count, 40));
        } finally {
            idle.forEach(RawXmppSession::close);
        }
    }

    /**
     * Runs {@code XMPP_LOAD_SETTLE}, if set, before a heap reading: bench/xmpp-load has the server commit
     * its search index there, so that records it buffered meanwhile (the idle sessions' own login records)
     * are not counted as the sessions' memory.
     */
    private static void settleImgate() throws Exception {
        ShellHook.run("XMPP_LOAD_SETTLE");
    }

    /** Class name -> {instances, bytes}, from jcmd GC.class_histogram (which runs a full GC first). */
    private static Map<String, long[]> histogram(String pid) throws Exception {
        Map<String, long[]> classes = new LinkedHashMap<>();
        for (String line : jcmd(pid, "GC.class_histogram").split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                classes.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
        }
        return classes;
    }

    private static String histogramDelta(Map<String, long[]> before, Map<String, long[]> after, int sessions,
                                         int rows) {
        List<Map.Entry<String, long[]>> delta = new ArrayList<>();
        for (var e : after.entrySet()) {
            long[] b = before.getOrDefault(e.getKey(), new long[2]);
            delta.add(Map.entry(e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]}));
        }
        delta.sort((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]));
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%12s %12s %10s %9s  %s%n", "+instances",
                "+bytes", "per sess.", "B/sess.", "class"));
        for (var e : delta.subList(0, Math.min(rows, delta.size()))) {
            out.append(String.format(Locale.ROOT, "%12d %12d %10.1f %9.0f  %s%n", e.getValue()[0], e.getValue()[1],
                    e.getValue()[0] / (double) sessions, e.getValue()[1] / (double) sessions, e.getKey()));
        }
        return out.toString();
    }

    private static long heapUsedKb(String pid) throws Exception {
        jcmd(pid, "GC.run");
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher m = HEAP_USED.matcher(info);
        if (!m.find()) {
            throw new IllegalStateException("jcmd " + pid + " GC.heap_info: no 'used NK' in: " + info);
        }
        return Long.parseLong(m.group(1));
    }

    private static String jcmd(String pid, String command) throws Exception {
        Process p = new ProcessBuilder("jcmd", pid, command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }

    private void printFigures(Map<String, PathFigures> figures, String idleLine) {
        System.out.println();
        System.out.printf(Locale.ROOT, "== XMPP load: max throughput over %d sessions (window %d), fixed rate %d msg/s"
                        + " over %d sessions, %d s per phase, per path ==%n", 2 * pairs, window, rate, 2 * ratePairs,
                seconds);
        for (var e : figures.entrySet()) {
            PathFigures f = e.getValue();
            double[] v = f.throughput.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (v.length == 0) {
                continue;
            }
            System.out.printf(Locale.ROOT, "%-8s max %9.0f msg/s (median of %s)   fixed-rate latency p50 %.2f ms"
                            + " p99 %.2f ms p99.9 %.2f ms (%d messages)%n", e.getKey(), v[v.length / 2], joined(v),
                    percentileMillis(f.latencies, 50), percentileMillis(f.latencies, 99),
                    percentileMillis(f.latencies, 99.9), f.latencies.length);
        }
        for (String path : List.of("imgate", "haproxy")) {
            if (figures.containsKey(path) && figures.containsKey("direct")) {
                System.out.println(ratioLine(path, "direct", figures.get(path).throughput,
                        figures.get("direct").throughput));
            }
        }
        if (figures.containsKey("imgate") && figures.containsKey("haproxy")) {
            System.out.println(ratioLine("imgate", "haproxy", figures.get("imgate").throughput,
                    figures.get("haproxy").throughput));
        }
        if (figures.containsKey("direct")) {
            long[] d = figures.get("direct").latencies;
            for (String path : figures.keySet()) {
                if (!path.equals("direct")) {
                    long[] l = figures.get(path).latencies;
                    System.out.printf(Locale.ROOT, "added latency %s vs direct at %d msg/s over %d sessions: p50 %+.2f ms,"
                                    + " p99 %+.2f ms, p99.9 %+.2f ms%n", path, rate, 2 * ratePairs,
                            percentileMillis(l, 50) - percentileMillis(d, 50),
                            percentileMillis(l, 99) - percentileMillis(d, 99),
                            percentileMillis(l, 99.9) - percentileMillis(d, 99.9));
                }
            }
        }
        if (figures.containsKey("imgate") && !figures.get("imgate").imgateCpu.isEmpty()) {
            double[] c = figures.get("imgate").imgateCpu.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "imgate CPU per 1,000 messages relayed: median %.0f ms (%s)%n",
                    c[c.length / 2], joined(c));
            System.out.printf(Locale.ROOT, "  by imgate thread (median per group, jcmd Thread.print cpu=): %s%n",
                    split(medians(figures.get("imgate").imgateSplit)));
            double[] f = figures.get("imgate").fixedImgateCpu.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "imgate CPU per 1,000 messages in the fixed-rate phase alone: median %.0f ms (%s)%n",
                    f[f.length / 2], joined(f));
            System.out.printf(Locale.ROOT, "  by imgate thread (median per group): %s%n",
                    split(medians(figures.get("imgate").fixedSplit)));
        }
        long lost = figures.values().stream().mapToLong(f -> f.lost).sum();
        long reordered = figures.values().stream().mapToLong(f -> f.reordered).sum();
        System.out.printf("messages lost: %d, reordered: %d%n", lost, reordered);
        System.out.println(idleLine);
    }

    private static Map<String, Double> medians(Map<String, List<Double>> valuesByGroup) {
        Map<String, Double> medians = new LinkedHashMap<>();
        valuesByGroup.forEach((group, values) -> {
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            medians.put(group, v[v.length / 2]);
        });
        return medians;
    }

    private static String split(Map<String, Double> msPerK) {
        StringBuilder out = new StringBuilder();
        msPerK.forEach((group, ms) -> out.append(out.length() == 0 ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.0f", group, ms)));
        return out.toString();
    }

    private static SSLContext sslContext(List<Path> pems) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        int i = 0;
        for (Path pem : pems) {
            try (InputStream in = Files.newInputStream(pem)) {
                for (var cert : factory.generateCertificates(in)) {
                    store.setCertificateEntry("anchor-" + i++, cert);
                }
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
