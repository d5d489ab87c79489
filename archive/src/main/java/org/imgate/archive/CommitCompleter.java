package org.imgate.archive;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Completes the futures of committed batches on a thread of its own, so that the writer can start the
 * next batch's write and fsync while callers' callbacks (a proxy encrypting and sending the message the
 * record vouches for) run: the callbacks of batch N overlap the fsync of batch N+1 instead of delaying
 * it. When no next batch is waiting there is nothing to overlap, and a small batch is completed on the
 * writer's thread at once: one thread hand-off less per commit, which at a steady trickle of records
 * (one per commit) is a wake-up and, on a busy machine, a wait for a core. Batches are completed in
 * commit order either way, and only batches whose fsync succeeded ever get here, so a completed future
 * still means "durable". Callbacks must therefore never wait for another append of the same journal.
 *
 * <p>Thread-safe: the writer thread hands batches in, the completer thread completes them; {@link #close()}
 * completes everything handed in before it returns.
 */
final class CommitCompleter implements AutoCloseable {
    /** One durable batch: its appends and the sequence number each got. */
    private record Committed(List<JournalWriter.Pending> appends, long[] seqs) {
    }

    private static final Committed STOP = new Committed(List.of(), new long[0]);
    /**
     * The largest batch completed on the writer's thread. A trickle commits a record or two at a time; a
     * large batch means appenders are waiting in numbers, and their callbacks (perhaps hundreds of
     * deliveries) should overlap the next fsync rather than delay it.
     */
    static final int MAX_IN_PLACE = 4;

    private final BlockingQueue<Committed> queue = new LinkedBlockingQueue<>();
    /** Batches handed to the thread and not yet completed there; 0 lets the writer complete in place. */
    private final AtomicInteger handedOver = new AtomicInteger();
    private final Thread thread;

    CommitCompleter(String nodeId) {
        thread = new Thread(this::run, "imgate-journal-completer-" + nodeId);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * Completes a durable batch: here and now when it is small, {@code nothingWaiting} (no append is queued
     * behind it) and no earlier batch is still with the thread, else on the thread. The caller must not touch
     * {@code appends} afterwards.
     */
    void complete(List<JournalWriter.Pending> appends, long[] seqs, boolean nothingWaiting) {
        Committed batch = new Committed(appends, seqs);
        if (nothingWaiting && appends.size() <= MAX_IN_PLACE && handedOver.get() == 0) {
            complete(batch);
            return;
        }
        handedOver.incrementAndGet();
        queue.add(batch);
    }

    private void run() {
        while (true) {
            Committed batch;
            try {
                batch = queue.take();
            } catch (InterruptedException e) {
                // close() never interrupts; an interrupt from elsewhere must not strand a caller: finish up
                drainNow();
                return;
            }
            if (batch == STOP) {
                return;
            }
            complete(batch);
            handedOver.decrementAndGet();
        }
    }

    private void drainNow() {
        for (Committed batch; (batch = queue.poll()) != null; ) {
            if (batch != STOP) {
                complete(batch);
                handedOver.decrementAndGet();
            }
        }
    }

    private static void complete(Committed batch) {
        // CompletableFuture.complete never throws: a failing callback fails only its own dependent future
        List<JournalWriter.Pending> appends = batch.appends();
        for (int i = 0; i < appends.size(); i++) {
            appends.get(i).future().complete(batch.seqs()[i]);
        }
    }

    /** Completes every batch handed in so far, then stops the thread. Call after the writer stopped. */
    @Override
    public void close() {
        queue.add(STOP);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (!thread.isAlive() && !queue.isEmpty()) {
            drainNow(); // the thread was never started, or stopped early
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
