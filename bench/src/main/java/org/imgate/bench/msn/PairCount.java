package org.imgate.bench.msn;

import java.util.Arrays;

/**
 * What the receiving end of one MSN pair saw during one phase. Message texts are {@code L<phase>:<seq>};
 * a text of another phase (a leftover) is counted as stale, a sequence number at or below the highest
 * seen as reordered, and in fixed-rate mode the latency of {@code seq} is measured from its intended
 * send time {@code start + seq * interval}, so a sender that fell behind cannot hide the delay.
 *
 * <p>Thread-safety: {@link #onText} runs on the receiver's one reader thread; {@link #received()} may be
 * read from any thread; the other getters are read after the phase.
 */
final class PairCount {

    private final int phase;
    private final long startNanos;
    private final long intervalNanos;
    private volatile long received;
    private long reordered;
    private long stale;
    private long highestSeq = -1;
    private long[] latencies = new long[256];
    private int latencyCount;

    /** {@code intervalNanos} 0 = max-throughput mode, which takes no latency samples. */
    PairCount(int phase, long startNanos, long intervalNanos) {
        this.phase = phase;
        this.startNanos = startNanos;
        this.intervalNanos = intervalNanos;
    }

    static String text(int phase, long seq) {
        return "L" + phase + ":" + seq;
    }

    void onText(String text) {
        long now = System.nanoTime();
        int colon = text.indexOf(':');
        if (!text.startsWith("L") || colon < 2 || !isNumber(text, 1, colon) || !isNumber(text, colon + 1, text.length())
                || Integer.parseInt(text, 1, colon, 10) != phase) {
            stale++;
            return;
        }
        long seq = Long.parseLong(text, colon + 1, text.length(), 10);
        if (seq <= highestSeq) {
            reordered++;
        } else {
            highestSeq = seq;
        }
        if (intervalNanos > 0) {
            if (latencyCount == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencyCount * 2);
            }
            latencies[latencyCount++] = now - (startNanos + seq * intervalNanos);
        }
        received = received + 1;
    }

    private static boolean isNumber(String s, int from, int to) {
        if (from >= to || to - from > 18) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    long received() {
        return received;
    }

    long reordered() {
        return reordered;
    }

    long stale() {
        return stale;
    }

    long[] latencies() {
        return Arrays.copyOf(latencies, latencyCount);
    }
}
