package org.imgate.bench.xmpp;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * What one receiving session saw of one phase of one sender->receiver pair: bodies are
 * {@code L<phase>:<seq>}, so messages from an earlier phase are counted as stale, a sequence number at
 * or below the highest seen counts as reordered, and in fixed-rate mode the latency is taken from the
 * intended send time {@code start + seq * interval} (so a stalled sender cannot hide its delay).
 *
 * <p>Thread-safety: {@link #onBody} is called by the receiver's one reader thread; {@link #received()}
 * may be read by the sender thread; the rest is read after the phase ends.
 */
final class PairTraffic {

    private final int phase;
    private final long startNanos;
    private final long intervalNanos;
    private volatile long received;
    private volatile Thread waiter;
    private long reordered;
    private long stale;
    private long highestSeq = -1;
    private long[] latencies = new long[1024];
    private int latencyCount;

    /** {@code intervalNanos} 0 means max-throughput mode (no latency samples). */
    PairTraffic(int phase, long startNanos, long intervalNanos) {
        this.phase = phase;
        this.startNanos = startNanos;
        this.intervalNanos = intervalNanos;
    }

    /** When message {@code seq} is due to be sent (fixed-rate mode). */
    long intendedNanos(long seq) {
        return startNanos + seq * intervalNanos;
    }

    static String body(int phase, long seq) {
        return "L" + phase + ":" + seq;
    }

    void onBody(String body) {
        long now = System.nanoTime();
        int colon = body.indexOf(':');
        if (!body.startsWith("L") || colon < 0 || Integer.parseInt(body.substring(1, colon)) != phase) {
            stale++;
            return;
        }
        long seq = Long.parseLong(body.substring(colon + 1));
        if (seq <= highestSeq) {
            reordered++;
        } else {
            highestSeq = seq;
        }
        if (intervalNanos > 0) {
            if (latencyCount == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencyCount * 2);
            }
            latencies[latencyCount++] = now - intendedNanos(seq);
        }
        received = received + 1;
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /**
     * Parks the calling (sender) thread until more than {@code count} messages were received or
     * {@code deadlineNanos} passed; the receiver wakes it, so a full window costs no polling CPU.
     */
    void awaitReceivedAbove(long count, long deadlineNanos) {
        waiter = Thread.currentThread();
        try {
            while (received <= count) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                LockSupport.parkNanos(this, Math.min(left, 10_000_000L));
            }
        } finally {
            waiter = null;
        }
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
