package org.imgate.bench.load;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The arithmetic every benchmark's report shares: nearest-rank percentiles of latency samples, the
 * median of per-round ratios between two paths, and a list of per-round figures. Stateless; thread-safe.
 */
public final class RoundFigures {

    private RoundFigures() {
    }

    /** The smallest sample at or above {@code percent} percent of them ({@code percent} in (0, 100]); NaN when none. */
    public static double percentile(long[] samples, double percent) {
        if (samples.length == 0) {
            return Double.NaN;
        }
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** {@link #percentile} of nanosecond samples, in milliseconds. */
    public static double percentileMillis(long[] nanos, double percent) {
        return percentile(nanos, percent) / 1e6;
    }

    /**
     * {@code throughput ratio PATH/BASELINE: median ...}: the median of the per-round ratios, with their
     * range. Rounds are interleaved, so each ratio compares the two paths under like load.
     */
    public static String ratioLine(String path, String baseline, List<Double> pathRounds, List<Double> baselineRounds) {
        double[] ratios = new double[pathRounds.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = pathRounds.get(i) / baselineRounds.get(i);
        }
        Arrays.sort(ratios);
        return String.format(Locale.ROOT, "throughput ratio %s/%s: median %.2f (min %.2f, max %.2f over %d rounds)",
                path, baseline, ratios[ratios.length / 2], ratios[0], ratios[ratios.length - 1], ratios.length);
    }

    /** The figures as whole numbers, comma-separated. */
    public static String joined(double[] values) {
        StringBuilder b = new StringBuilder();
        for (double d : values) {
            b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", d));
        }
        return b.toString();
    }
}
