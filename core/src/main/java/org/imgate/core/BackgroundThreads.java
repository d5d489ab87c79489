package org.imgate.core;

/**
 * Threads for work derived from the journal (the search index: following the journal, indexing,
 * flushing and merging segments), which must never take the CPU that relaying messages needs. They
 * run at Java's lowest priority; the launcher starts {@code serve} so that Linux maps it to a nice
 * value (ADR 0019), and a Lucene flush that takes a whole core for a few hundred milliseconds then
 * yields to the proxies' threads instead of delaying every message in flight.
 */
public final class BackgroundThreads {

    /** The priority of every background thread. */
    public static final int PRIORITY = Thread.MIN_PRIORITY;

    private BackgroundThreads() {
    }

    /** A daemon thread at {@link #PRIORITY}, not started. */
    public static Thread newThread(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.setPriority(PRIORITY);
        return thread;
    }

    /** Lowers {@code thread}, created elsewhere (a library's), to {@link #PRIORITY}. */
    public static <T extends Thread> T lower(T thread) {
        thread.setPriority(PRIORITY);
        return thread;
    }
}
