package org.imgate.bench.msn;

import org.imgate.bench.load.ProcessCpu;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CPU time of named processes from {@code /proc/PID/stat} (user + system, in clock ticks of 1/100 s),
 * so a phase can say how busy the upstream, HAProxy, imgate and the load generator itself were: the
 * upstream must not be the bottleneck it is measuring.
 *
 * <p>Not thread-safe; used by the load's main thread.
 */
final class CpuProbe {

    private final Map<String, String> pids;
    private Map<String, Long> startTicks = Map.of();
    private long startNanos;

    /** @param pids process name to pid; "self" is added for this JVM */
    CpuProbe(Map<String, String> pids) {
        this.pids = new LinkedHashMap<>(pids);
        this.pids.put("load", "self");
    }

    void start() {
        startTicks = ticks();
        startNanos = System.nanoTime();
    }

    /** Each process's share of one core since {@link #start()}, e.g. {@code upstream 41%, imgate 130%}. */
    String since() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Long> now = ticks();
        StringBuilder out = new StringBuilder();
        for (var e : now.entrySet()) {
            Long before = startTicks.get(e.getKey());
            if (before != null) {
                out.append(out.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.0f%%", e.getKey(),
                        100.0 * (e.getValue() - before) / ProcessCpu.TICKS_PER_SECOND / seconds));
            }
        }
        return out.toString();
    }

    private Map<String, Long> ticks() {
        Map<String, Long> out = new LinkedHashMap<>();
        // a process that is gone (or a system without /proc) is left out of the figures
        pids.forEach((name, pid) -> ProcessCpu.ticks(pid).ifPresent(t -> out.put(name, t)));
        return out;
    }
}
