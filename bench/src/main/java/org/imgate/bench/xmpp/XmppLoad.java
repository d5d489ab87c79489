package org.imgate.bench.xmpp;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * XMPP load generator: for each of several paths to the same Prosody (direct, through HAProxy, through
 * imgate) it logs in 2 x pairs real sessions (STARTTLS + SASL PLAIN, {@link RawXmppSession}), and each
 * pair exchanges sequence-numbered messages in two phases: max throughput (each sender keeps at most
 * {@code window} messages in flight) and fixed rate (latency from the intended send time). Paths are
 * interleaved within each round so a drift in machine load hits them alike. Last, it opens idle sessions
 * through imgate and reads the heap of the imgate process (jcmd GC.heap_info after GC.run) before and
 * after.
 *
 * <p>Usage: {@code XmppLoad --target direct=127.0.0.1:25222 --target haproxy=... --target imgate=...
 * --trust ca.pem [--trust ...] --password PW [--domain example.test] [--pairs 8] [--rounds 3]
 * [--warmup-rounds 1] [--seconds 5] [--rate 400] [--window 32] [--idle 300] [--imgate-pid PID]}. Warm-up
 * rounds run every path but are not counted (imgate's JIT-compiled code path is still cold in round 1). Users are
 * {@code load1..load<2*pairs>}, all with the same password. Figures are printed last.
 */
public final class XmppLoad {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private final Map<String, InetSocketAddress> targets;
    private final SSLContext tls;
    private final String domain;
    private final String password;
    private final int pairs;
    private final int seconds;
    private final int rate;
    private final int window;
    private int phaseCounter;

    private XmppLoad(Map<String, InetSocketAddress> targets, SSLContext tls, String domain, String password,
                     int pairs, int seconds, int rate, int window) {
        this.targets = targets;
        this.tls = tls;
        this.domain = domain;
        this.password = password;
        this.pairs = pairs;
        this.seconds = seconds;
        this.rate = rate;
        this.window = window;
    }

    public static void main(String[] args) throws Exception {
        Map<String, InetSocketAddress> targets = new LinkedHashMap<>();
        List<Path> trust = new ArrayList<>();
        String domain = "example.test";
        String password = null;
        int pairs = 8;
        int rounds = 3;
        int warmup = 1;
        int seconds = 5;
        int rate = 400;
        int window = 32;
        int idle = 300;
        String imgatePid = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--target" -> {
                    String[] nv = v.split("=", 2);
                    String[] hp = nv[1].split(":");
                    targets.put(nv[0], new InetSocketAddress(hp[0], Integer.parseInt(hp[1])));
                }
                case "--trust" -> trust.add(Path.of(v));
                case "--domain" -> domain = v;
                case "--password" -> password = v;
                case "--pairs" -> pairs = Integer.parseInt(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--warmup-rounds" -> warmup = Integer.parseInt(v);
                case "--seconds" -> seconds = Integer.parseInt(v);
                case "--rate" -> rate = Integer.parseInt(v);
                case "--window" -> window = Integer.parseInt(v);
                case "--idle" -> idle = Integer.parseInt(v);
                case "--imgate-pid" -> imgatePid = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (targets.isEmpty() || trust.isEmpty() || password == null) {
            throw new IllegalArgumentException("--target, --trust and --password are required");
        }
        XmppLoad load = new XmppLoad(targets, sslContext(trust), domain, password, pairs, seconds, rate, window);
        Map<String, List<Double>> throughput = new LinkedHashMap<>();
        Map<String, List<Long>> latency = new LinkedHashMap<>();
        long lost = 0;
        long reordered = 0;
        for (int round = 1 - warmup; round <= rounds; round++) {
            for (String name : targets.keySet()) {
                Result r = load.runPath(name, round + warmup);
                if (round < 1) {
                    System.out.printf(Locale.ROOT, "warm-up  %-8s %9.0f msg/s max (not counted: JIT and caches)%n",
                            name, r.msgsPerSecond);
                    continue;
                }
                throughput.computeIfAbsent(name, k -> new ArrayList<>()).add(r.msgsPerSecond);
                latency.computeIfAbsent(name, k -> new ArrayList<>()).addAll(r.latencies);
                lost += r.lost;
                reordered += r.reordered;
                System.out.printf(Locale.ROOT, "round %d %-8s %9.0f msg/s max; fixed %d msg/s: p50 %.2f ms p99 %.2f ms;"
                                + " lost %d reordered %d%n", round, name, r.msgsPerSecond, rate,
                        percentile(r.latencies, 50) / 1e6, percentile(r.latencies, 99) / 1e6, r.lost, r.reordered);
            }
        }
        String idleLine = "heap per idle session: not measured (needs --imgate-pid, an imgate target and --idle > 0)";
        if (imgatePid != null && targets.containsKey("imgate") && idle > 0) {
            idleLine = load.idleHeap(targets.get("imgate"), imgatePid, idle);
        }
        printFigures(throughput, latency, lost, reordered, idleLine, load);
    }

    private record Result(double msgsPerSecond, List<Long> latencies, long lost, long reordered) {
    }

    private Result runPath(String name, int round) throws Exception {
        InetSocketAddress target = targets.get(name);
        List<RawXmppSession> senders = new ArrayList<>();
        List<RawXmppSession> receivers = new ArrayList<>();
        List<AtomicReference<PairTraffic>> sinks = new ArrayList<>();
        try {
            for (int p = 0; p < pairs; p++) {
                senders.add(RawXmppSession.login(target, domain, tls, "load" + (2 * p + 1), password, "s" + round));
                RawXmppSession receiver = RawXmppSession.login(target, domain, tls, "load" + (2 * p + 2), password,
                        "r" + round);
                receivers.add(receiver);
                AtomicReference<PairTraffic> sink = new AtomicReference<>(new PairTraffic(-1, 0, 0));
                sinks.add(sink);
                Thread reader = new Thread(() -> {
                    try {
                        receiver.readMessages(b -> sink.get().onBody(b));
                    } catch (IOException e) {
                        // the session was closed at the end of the path's turn
                    }
                }, "reader-" + name + "-" + p);
                reader.setDaemon(true);
                reader.start();
            }
            Phase max = runPhase(senders, receivers, sinks, 0);
            Phase fixed = runPhase(senders, receivers, sinks, TimeUnit.SECONDS.toNanos(1) * pairs / rate);
            List<Long> lat = new ArrayList<>();
            for (long l : fixed.latencies) {
                lat.add(l);
            }
            return new Result(max.received / (double) seconds, lat, max.lost + fixed.lost,
                    max.reordered + fixed.reordered);
        } finally {
            senders.forEach(RawXmppSession::close);
            receivers.forEach(RawXmppSession::close);
        }
    }

    private record Phase(long received, long lost, long reordered, long[] latencies) {
    }

    /** One phase for all pairs at once; {@code intervalNanos} 0 = max throughput. */
    private Phase runPhase(List<RawXmppSession> senders, List<RawXmppSession> receivers,
                           List<AtomicReference<PairTraffic>> sinks, long intervalNanos) throws Exception {
        int phase = ++phaseCounter;
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long[] sent = new long[senders.size()];
        List<PairTraffic> traffic = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        Exception[] failure = new Exception[1];
        for (int p = 0; p < senders.size(); p++) {
            PairTraffic t = new PairTraffic(phase, start, intervalNanos);
            traffic.add(t);
            sinks.get(p).set(t);
            RawXmppSession sender = senders.get(p);
            String to = receivers.get(p).fullJid();
            int pair = p;
            Thread thread = new Thread(() -> {
                try {
                    sent[pair] = intervalNanos == 0 ? sendMax(sender, to, t, phase, start, end)
                            : sendFixed(sender, to, phase, start, end, intervalNanos);
                } catch (IOException e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            }, "sender-" + p);
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
        long received = 0;
        while (System.nanoTime() < drainUntil) {
            received = 0;
            long totalSent = 0;
            for (int p = 0; p < traffic.size(); p++) {
                received += traffic.get(p).received();
                totalSent += sent[p];
            }
            if (received >= totalSent) {
                break;
            }
            Thread.sleep(20);
        }
        long lost = 0;
        long reordered = 0;
        List<long[]> lats = new ArrayList<>();
        long countedInWindow = 0;
        for (int p = 0; p < traffic.size(); p++) {
            PairTraffic t = traffic.get(p);
            lost += Math.max(0, sent[p] - t.received());
            reordered += t.reordered();
            lats.add(t.latencies());
            countedInWindow += Math.min(sent[p], t.received());
        }
        long[] all = lats.stream().flatMapToLong(Arrays::stream).toArray();
        return new Phase(countedInWindow, lost, reordered, all);
    }

    private long sendMax(RawXmppSession sender, String to, PairTraffic t, int phase, long start, long end)
            throws IOException {
        LockSupport.parkNanos(start - System.nanoTime());
        long seq = 0;
        while (System.nanoTime() < end) {
            if (seq - t.received() < window) {
                sender.sendMessage(to, PairTraffic.body(phase, seq++));
            } else {
                LockSupport.parkNanos(20_000);
            }
        }
        return seq;
    }

    private static long sendFixed(RawXmppSession sender, String to, int phase, long start, long end,
                                  long intervalNanos) throws IOException {
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
            sender.sendMessage(to, PairTraffic.body(phase, seq++));
        }
    }

    private String idleHeap(InetSocketAddress target, String pid, int count) throws Exception {
        long before = heapUsedKb(pid);
        List<RawXmppSession> idle = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                idle.add(RawXmppSession.login(target, domain, tls, "load" + (i % (2 * pairs) + 1), password,
                        "idle" + i));
            }
            Thread.sleep(2000);
            long after = heapUsedKb(pid);
            return String.format(Locale.ROOT, "heap per idle session through imgate: %.1f KB (%d sessions, heap used"
                    + " after full GC %d KB -> %d KB; Java heap only, TLS on both legs)%n"
                    + "largest classes on the heap with the idle sessions open (jcmd GC.class_histogram):%n%s",
                    (after - before) / (double) count, count, before, after, topClasses(pid, 12));
        } finally {
            idle.forEach(RawXmppSession::close);
        }
    }

    /** The first {@code rows} rows of the class histogram (its header included), as jcmd prints them. */
    private static String topClasses(String pid, int rows) throws Exception {
        String[] lines = jcmd(pid, "GC.class_histogram").split("\n");
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < Math.min(lines.length, rows + 3); i++) {
            out.append(lines[i]).append('\n');
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

    private static void printFigures(Map<String, List<Double>> throughput, Map<String, List<Long>> latency,
                                     long lost, long reordered, String idleLine, XmppLoad load) {
        System.out.println();
        System.out.printf(Locale.ROOT, "== XMPP load: %d pairs (%d sessions) per path, %d s per phase, fixed rate %d msg/s"
                + " total, window %d; machine shared with other builds ==%n", load.pairs, 2 * load.pairs,
                load.seconds, load.rate, load.window);
        Map<String, Double> median = new LinkedHashMap<>();
        for (var e : throughput.entrySet()) {
            double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            median.put(e.getKey(), v[v.length / 2]);
            long[] l = latency.get(e.getKey()).stream().mapToLong(Long::longValue).toArray();
            System.out.printf(Locale.ROOT, "%-8s max %9.0f msg/s (median of %s)   fixed-rate latency p50 %.2f ms p99 %.2f ms%n",
                    e.getKey(), median.get(e.getKey()), fmt(v), percentile(l, 50) / 1e6, percentile(l, 99) / 1e6);
        }
        for (String path : List.of("imgate", "haproxy")) {
            if (throughput.containsKey(path) && throughput.containsKey("direct")) {
                printRatio(path, "direct", throughput);
            }
        }
        if (throughput.containsKey("imgate") && throughput.containsKey("haproxy")) {
            printRatio("imgate", "haproxy", throughput);
        }
        if (latency.containsKey("direct")) {
            long[] d = latency.get("direct").stream().mapToLong(Long::longValue).toArray();
            for (String path : latency.keySet()) {
                if (!path.equals("direct")) {
                    long[] l = latency.get(path).stream().mapToLong(Long::longValue).toArray();
                    System.out.printf(Locale.ROOT, "added latency %s vs direct: p50 %+.2f ms, p99 %+.2f ms%n", path,
                            (percentile(l, 50) - percentile(d, 50)) / 1e6, (percentile(l, 99) - percentile(d, 99)) / 1e6);
                }
            }
        }
        System.out.printf("messages lost: %d, reordered: %d%n", lost, reordered);
        System.out.println(idleLine);
    }

    /** The median of the per-round ratios (rounds are interleaved, so each ratio compares like loads). */
    private static void printRatio(String path, String baseline, Map<String, List<Double>> throughput) {
        List<Double> a = throughput.get(path);
        List<Double> b = throughput.get(baseline);
        double[] ratios = new double[a.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = a.get(i) / b.get(i);
        }
        Arrays.sort(ratios);
        System.out.printf(Locale.ROOT, "throughput ratio %s/%s: median %.2f (min %.2f, max %.2f over %d rounds)%n",
                path, baseline, ratios[ratios.length / 2], ratios[0], ratios[ratios.length - 1], ratios.length);
    }

    private static String fmt(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double d : v) {
            b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", d));
        }
        return b.toString();
    }

    private static double percentile(long[] values, int p) {
        if (values.length == 0) {
            return Double.NaN;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double percentile(List<Long> values, int p) {
        return percentile(values.stream().mapToLong(Long::longValue).toArray(), p);
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
