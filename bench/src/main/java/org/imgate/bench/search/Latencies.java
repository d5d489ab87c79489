package org.imgate.bench.search;

import java.util.Arrays;

/** Latency samples of one measured class, in nanoseconds. Not thread-safe: one recorder. */
public final class Latencies {
    private final String name;
    private long[] samples = new long[256];
    private int count;

    public Latencies(String name) {
        this.name = name;
    }

    public void add(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    public String name() {
        return name;
    }

    public int count() {
        return count;
    }

    /** The nearest-rank percentile in milliseconds, {@code p} in (0, 1]. */
    public double percentileMillis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return sorted[Math.min(count - 1, Math.max(0, (int) Math.ceil(p * count) - 1))] / 1e6;
    }
}
