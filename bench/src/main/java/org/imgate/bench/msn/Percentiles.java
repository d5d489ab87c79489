package org.imgate.bench.msn;

import java.util.List;

/** Nearest-rank percentiles of latency samples in nanoseconds. Stateless; thread-safe. */
final class Percentiles {

    private Percentiles() {
    }

    /** The smallest sample at or above {@code p} percent of them; NaN when there are none. */
    static double of(List<Long> samples, double p) {
        if (samples.isEmpty()) {
            return Double.NaN;
        }
        long[] sorted = samples.stream().mapToLong(Long::longValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
