package org.imgate.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Reads one fixed-rate phase's latency trace ({@code phaseN-PATH.tsv}) and, when given, the run's
 * {@link CpuTrace} ({@code cpu.tsv}), and prints when in the phase the slow messages were due, 100 ms at a
 * time, beside how the host's CPU was spent in those 100 ms: so a burst of late messages can be told
 * apart as the proxy saturating the cores, another process taking them, the hypervisor (steal), or none
 * of these (a pause inside one process: read its GC log for that time).
 *
 * <p>{@code bench/run load.TraceReport DIR/phaseN-PATH.tsv [DIR/cpu.tsv] [--slow MS]} (default 5 ms).
 */
public final class TraceReport {

    private static final long BIN_MILLIS = 100;

    private TraceReport() {
    }

    public static void main(String[] args) throws IOException {
        Path phase = null;
        Path cpu = null;
        double slow = 5;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--slow") && i + 1 < args.length) {
                slow = Double.parseDouble(args[++i]);
            } else if (phase == null) {
                phase = Path.of(args[i]);
            } else if (cpu == null) {
                cpu = Path.of(args[i]);
            } else {
                phase = null; // one phase and one CPU trace at most
                break;
            }
        }
        if (phase == null) {
            System.err.println("usage: TraceReport PHASE.tsv [cpu.tsv] [--slow MS]");
            System.exit(2);
        }
        List<String> cpuLines = cpu == null ? List.of() : Files.readAllLines(cpu);
        System.out.print(report(phase.getFileName().toString(), Files.readAllLines(phase), cpuLines, slow));
    }

    /** The report's text for a phase trace's lines and a CPU trace's lines (may be empty). */
    static String report(String name, List<String> phaseLines, List<String> cpuLines, double slowMillis) {
        if (phaseLines.isEmpty() || !phaseLines.get(0).startsWith("# phase start ")) {
            throw new IllegalArgumentException(name + ": not a latency trace (no '# phase start' line)");
        }
        long start = Instant.parse(phaseLines.get(0).substring("# phase start ".length()).trim()).toEpochMilli();
        TreeMap<Long, double[]> bins = new TreeMap<>(); // bin -> {messages, slow, max latency}
        List<Long> micros = new ArrayList<>();
        for (String line : phaseLines.subList(1, phaseLines.size())) {
            String[] f = line.split("\t");
            if (f.length < 3 || !Character.isDigit(f[0].charAt(0))) {
                continue;
            }
            double latency = Double.parseDouble(f[2]);
            micros.add(Math.round(latency * 1000));
            double[] bin = bins.computeIfAbsent((long) Math.floor(Double.parseDouble(f[1]) / BIN_MILLIS),
                    b -> new double[3]);
            bin[0]++;
            bin[1] += latency > slowMillis ? 1 : 0;
            bin[2] = Math.max(bin[2], latency);
        }
        String[] columns = cpuLines.isEmpty() ? new String[0] : cpuLines.get(0).split("\t");
        TreeMap<Long, long[]> cpu = new TreeMap<>();
        for (String line : cpuLines.subList(Math.min(1, cpuLines.size()), cpuLines.size())) {
            String[] f = line.split("\t");
            // a row covers the interval that ended at its time stamp
            long bin = Math.floorDiv(Long.parseLong(f[0]) - CpuTrace.INTERVAL_MILLIS - start, BIN_MILLIS);
            long[] sums = cpu.computeIfAbsent(bin, b -> new long[f.length - 1]);
            for (int i = 1; i < f.length; i++) {
                sums[i - 1] += Long.parseLong(f[i]);
            }
        }
        long[] all = micros.stream().mapToLong(Long::longValue).toArray();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%s: %d messages, p50 %.2f p99 %.2f p99.9 %.2f max %.2f ms (phase start %s)%n", name, all.length,
                RoundFigures.percentile(all, 50) / 1000, RoundFigures.percentile(all, 99) / 1000,
                RoundFigures.percentile(all, 99.9) / 1000, RoundFigures.percentile(all, 100) / 1000,
                Instant.ofEpochMilli(start)));
        out.append(String.format(Locale.ROOT, "messages over %.1f ms by 100 ms of due time", slowMillis));
        out.append(columns.length == 0 ? ":%n".formatted()
                : ", with the CPU in those 100 ms (clock ticks; %d per 100 ms and core):%n"
                .formatted(ProcessCpu.TICKS_PER_SECOND / (1000 / BIN_MILLIS)));
        out.append(String.format(Locale.ROOT, "%7s %9s %8s", "due_ms", "slow/all", "max_ms"));
        for (int i = 1; i < columns.length; i++) {
            out.append(String.format(Locale.ROOT, " %10s", columns[i]));
        }
        out.append('\n');
        bins.forEach((bin, b) -> {
            if (b[1] == 0) {
                return;
            }
            out.append(String.format(Locale.ROOT, "%7d %4d/%-4d %8.1f", bin * BIN_MILLIS, (long) b[1], (long) b[0], b[2]));
            long[] sums = cpu.get(bin);
            for (int i = 1; i < columns.length; i++) {
                out.append(String.format(Locale.ROOT, " %10s", sums == null ? "-" : Long.toString(sums[i - 1])));
            }
            out.append('\n');
        });
        return out.toString();
    }
}
