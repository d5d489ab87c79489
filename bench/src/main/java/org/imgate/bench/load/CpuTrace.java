package org.imgate.bench.load;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Samples, every {@value #INTERVAL_MILLIS} ms, how the host's CPU was spent (busy, taken by the hypervisor
 * for other tenants, idle) and how much each named process used, and writes one TSV line per interval
 * with its end in UTC milliseconds. Beside a latency trace it says what took the CPU when messages were
 * late: the proxy itself, the load generator, the server, or nobody on this host (steal). Linux only;
 * figures are clock ticks ({@link ProcessCpu#TICKS_PER_SECOND} per second and core) within the interval.
 */
public final class CpuTrace implements AutoCloseable {

    public static final long INTERVAL_MILLIS = 50;

    private final Map<String, String> processes;
    private final BufferedWriter out;
    private final Thread sampler;
    private volatile boolean stopping;

    private CpuTrace(Path file, Map<String, String> processes) throws IOException {
        this.processes = new LinkedHashMap<>(processes);
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write("utc_ms\thost_busy\thost_steal\thost_idle");
        for (String label : this.processes.keySet()) {
            out.write('\t');
            out.write(label);
        }
        out.write('\n');
        this.sampler = new Thread(this::run, "cpu-trace");
        sampler.setDaemon(true);
    }

    /**
     * Starts sampling into {@code file}.
     *
     * @param processes column label to pid ({@code self} for this JVM), in column order
     */
    public static CpuTrace start(Path file, Map<String, String> processes) throws IOException {
        CpuTrace trace = new CpuTrace(file, processes);
        trace.sampler.start();
        return trace;
    }

    /** Busy, steal and idle ticks of all cores so far, from the first line of {@code /proc/stat}. */
    static long[] hostTicks(String procStatCpuLine) {
        String[] f = procStatCpuLine.trim().split("\\s+");
        // cpu user nice system idle iowait irq softirq steal ...
        long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                + Long.parseLong(f[7]);
        long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
        long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
        return new long[] {busy, steal, idle};
    }

    private long[] sample() throws IOException {
        String cpuLine;
        try (var lines = Files.lines(Path.of("/proc/stat"))) {
            cpuLine = lines.findFirst().orElseThrow();
        }
        long[] host = hostTicks(cpuLine);
        long[] all = new long[3 + processes.size()];
        System.arraycopy(host, 0, all, 0, 3);
        int i = 3;
        for (String pid : processes.values()) {
            all[i++] = ProcessCpu.ticks(pid).orElse(0);
        }
        return all;
    }

    private void run() {
        try {
            long[] previous = sample();
            long next = System.nanoTime();
            while (!stopping) {
                next += TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS);
                TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
                long[] now = sample();
                StringBuilder line = new StringBuilder().append(System.currentTimeMillis());
                for (int i = 0; i < now.length; i++) {
                    line.append('\t').append(now[i] - previous[i]);
                }
                out.write(line.append('\n').toString());
                previous = now;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops sampling and closes the file. */
    @Override
    public void close() throws IOException {
        stopping = true; // no interrupt: the file's channel would close under a write it interrupts
        try {
            sampler.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.close();
    }
}
