package org.imgate.bench.search;

import java.util.Arrays;

import org.imgate.bench.load.RoundFigures;

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
        return RoundFigures.percentileMillis(Arrays.copyOf(samples, count), p * 100);
    }
}
