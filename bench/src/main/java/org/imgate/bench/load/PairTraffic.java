package org.imgate.bench.load;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * What the receiving end of one sender-to-receiver pair saw during one phase of a load run, for any
 * protocol. Message texts are {@code L<phase>:<seq>}: a text of another phase (a leftover) or not of
 * that shape counts as stale, a sequence number at or below the highest seen as reordered, and in
 * fixed-rate mode the latency of {@code seq} is measured from its intended send time
 * {@code start + seq * interval}, so a sender that fell behind cannot hide the delay.
 *
 * <p>Thread-safety: {@link #onMessage} runs on the receiver's one reader thread; {@link #received()}
 * may be read, and {@link #awaitReceivedAbove} called, by the sender thread; the other getters are
 * read after the phase.
 */
public final class PairTraffic {

    private final int phase;
    private final long startNanos;
    private final long intervalNanos;
    private volatile long received;
    private volatile Thread waiter;
    private long reordered;
    private long stale;
    private long highestSeq = -1;
    private long[] latencies = new long[256];
    private long[] intended = new long[256];
    private int latencyCount;

    /** {@code intervalNanos} 0 means max-throughput mode, which takes no latency samples. */
    public PairTraffic(int phase, long startNanos, long intervalNanos) {
        this.phase = phase;
        this.startNanos = startNanos;
        this.intervalNanos = intervalNanos;
    }

    /** The text of message {@code seq} of {@code phase}. */
    public static String text(int phase, long seq) {
        return "L" + phase + ":" + seq;
    }

    /** When message {@code seq} is due to be sent (fixed-rate mode). */
    public long intendedNanos(long seq) {
        return startNanos + seq * intervalNanos;
    }

    /** Counts one received message text. */
    public void onMessage(String text) {
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
                intended = Arrays.copyOf(intended, latencyCount * 2);
            }
            intended[latencyCount] = intendedNanos(seq);
            latencies[latencyCount] = now - intended[latencyCount];
            latencyCount++;
        }
        received = received + 1;
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
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

    /**
     * Parks the calling (sender) thread until more than {@code count} messages were received or
     * {@code deadlineNanos} passed; the receiver wakes it, so a full window costs no polling CPU.
     */
    public void awaitReceivedAbove(long count, long deadlineNanos) {
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

    public long received() {
        return received;
    }

    public long reordered() {
        return reordered;
    }

    public long stale() {
        return stale;
    }

    /** When each latency sample's message was due to be sent ({@link System#nanoTime()}), in step with them. */
    public long[] intendedTimes() {
        return Arrays.copyOf(intended, latencyCount);
    }

    /** The latency samples, nanoseconds from intended send to receipt. */
    public long[] latencies() {
        return Arrays.copyOf(latencies, latencyCount);
    }
}
