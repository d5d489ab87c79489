package org.imgate.proxy.xmpp;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The keys of messages archived lately, so that a message seen again (an internal message on the
 * recipient's session, a carbon copy, a fan-out to another resource) is archived once. Bounded both in
 * count and in age: a key is forgotten after {@code window} or when {@code capacity} newer keys came.
 *
 * <p>One instance serves all sessions of a proxy node (the two sessions of an internal message must
 * share it); the caller owns it. Thread-safe.
 */
public final class RecentMessages {

    private final int capacity;
    private final Duration window;
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    public RecentMessages(int capacity, Duration window) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
        this.window = Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
    }

    /** 100,000 keys for ten minutes: longer than any relay through one server takes. */
    public static RecentMessages defaults() {
        return new RecentMessages(100_000, Duration.ofMinutes(10));
    }

    /**
     * Records {@code key} at {@code now} and says whether it was new (not seen within the window).
     */
    public synchronized boolean firstSeen(String key, Instant now) {
        Objects.requireNonNull(key, "key");
        expire(now);
        Instant previous = seen.get(key);
        if (previous != null) {
            return false;
        }
        seen.put(key, now);
        if (seen.size() > capacity) {
            Iterator<String> oldest = seen.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    /** How many keys are remembered now. */
    public synchronized int size() {
        return seen.size();
    }

    private void expire(Instant now) {
        Instant cutoff = now.minus(window);
        Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue().isAfter(cutoff)) {
                return;
            }
            it.remove();
        }
    }
}
