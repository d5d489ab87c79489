package org.imgate.proxy.xmpp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The keys of messages archived lately, so that a message seen again (an internal message on the
 * recipient's session, a carbon copy, a fan-out to another resource) is archived once. Bounded both in
 * count and in age: a key is forgotten after {@code window} or when {@code capacity} newer keys came.
 *
 * <p>Each key is kept as the first 128 bits of its SHA-256 in primitive arrays allocated once: an open-
 * addressing table (linear probing) to look keys up and a ring in arrival order to forget them. A map of
 * strings held ~270 bytes of objects per key (27 MB at the default capacity), churned at the message rate,
 * and every new entry linked from an old one made work for each young collection. A cryptographic digest
 * because a forged collision would keep a message out of the archive.
 *
 * <p>One instance serves all sessions of a proxy node (the two sessions of an internal message must
 * share it); the caller owns it. Thread-safe.
 */
public final class RecentMessages {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });

    /** 4M keys (about 370 MB of arrays): far beyond what one node needs. */
    static final int MAX_CAPACITY = 1 << 22;

    private final int capacity;
    private final long windowMillis;
    /** Open-addressing table, a power of two at least twice the capacity; an all-zero slot is empty. */
    private final long[] tableHigh;
    private final long[] tableLow;
    private final int mask;
    /** Keys in arrival order: {@code oldest} is the next to forget, {@code count} are held. */
    private final long[] ringHigh;
    private final long[] ringLow;
    private final long[] ringMillis;
    private int oldest;
    private int count;

    public RecentMessages(int capacity, Duration window) {
        if (capacity <= 0 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be between 1 and " + MAX_CAPACITY + ", was " + capacity);
        }
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        this.capacity = capacity;
        this.windowMillis = window.toMillis();
        int slots = Integer.highestOneBit(capacity) << 2; // load factor at most 1/2
        tableHigh = new long[slots];
        tableLow = new long[slots];
        mask = slots - 1;
        ringHigh = new long[capacity];
        ringLow = new long[capacity];
        ringMillis = new long[capacity];
    }

    /** 100,000 keys for ten minutes: longer than any relay through one server takes. */
    public static RecentMessages defaults() {
        return new RecentMessages(100_000, Duration.ofMinutes(10));
    }

    /**
     * Records {@code key} at {@code now} and says whether it was new (not seen within the window).
     */
    public boolean firstSeen(String key, Instant now) {
        Objects.requireNonNull(key, "key");
        MessageDigest digest = SHA256.get();
        ByteBuffer hash = ByteBuffer.wrap(digest.digest(key.getBytes(StandardCharsets.UTF_8)));
        long high = hash.getLong();
        long low = hash.getLong();
        if (high == 0 && low == 0) {
            low = 1; // zero marks an empty slot
        }
        long millis = now.toEpochMilli();
        synchronized (this) {
            expire(millis);
            int slot = find(high, low);
            if (tableHigh[slot] != 0 || tableLow[slot] != 0) {
                return false;
            }
            if (count == capacity) {
                forgetOldest();
                slot = find(high, low);
            }
            tableHigh[slot] = high;
            tableLow[slot] = low;
            int next = (oldest + count) % capacity;
            ringHigh[next] = high;
            ringLow[next] = low;
            ringMillis[next] = millis;
            count++;
            return true;
        }
    }

    /** How many keys are remembered now. */
    public synchronized int size() {
        return count;
    }

    private void expire(long nowMillis) {
        long cutoff = nowMillis - windowMillis;
        while (count > 0 && ringMillis[oldest] <= cutoff) {
            forgetOldest();
        }
    }

    private void forgetOldest() {
        remove(find(ringHigh[oldest], ringLow[oldest]));
        oldest = (oldest + 1) % capacity;
        count--;
    }

    /** The slot holding the key, or the empty slot where it would go. */
    private int find(long high, long low) {
        int slot = (int) low & mask;
        while ((tableHigh[slot] != 0 || tableLow[slot] != 0)
                && (tableHigh[slot] != high || tableLow[slot] != low)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    /** Empties {@code slot}, moving later keys of its probe run back so that every key stays findable. */
    private void remove(int slot) {
        if (tableHigh[slot] == 0 && tableLow[slot] == 0) {
            return;
        }
        int hole = slot;
        for (int next = (hole + 1) & mask; tableHigh[next] != 0 || tableLow[next] != 0; next = (next + 1) & mask) {
            int home = (int) tableLow[next] & mask;
            // the key at next may fill the hole unless its home lies cyclically in (hole, next]
            boolean homeAfterHole = hole <= next ? hole < home && home <= next : hole < home || home <= next;
            if (!homeAfterHole) {
                tableHigh[hole] = tableHigh[next];
                tableLow[hole] = tableLow[next];
                hole = next;
            }
        }
        tableHigh[hole] = 0;
        tableLow[hole] = 0;
    }
}
