package org.imgate.archive;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Completes the futures of committed batches on a thread of its own, so that the writer can start the
 * next batch's write and fsync while callers' callbacks (a proxy encrypting and sending the message the
 * record vouches for) run: the callbacks of batch N overlap the fsync of batch N+1 instead of delaying
 * it. Batches are completed in commit order, and only batches whose fsync succeeded ever get here, so a
 * completed future still means "durable".
 *
 * <p>Thread-safe: the writer thread hands batches in, the completer thread completes them; {@link #close()}
 * completes everything handed in before it returns.
 */
final class CommitCompleter implements AutoCloseable {
    /** One durable batch: its appends and the sequence number each got. */
    private record Committed(List<JournalWriter.Pending> appends, long[] seqs) {
    }

    private static final Committed STOP = new Committed(List.of(), new long[0]);

    private final BlockingQueue<Committed> queue = new LinkedBlockingQueue<>();
    private final Thread thread;

    CommitCompleter(String nodeId) {
        thread = new Thread(this::run, "imgate-journal-completer-" + nodeId);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Hands over a durable batch; the caller must not touch {@code appends} afterwards. */
    void completeLater(List<JournalWriter.Pending> appends, long[] seqs) {
        queue.add(new Committed(appends, seqs));
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
        }
    }

    private void drainNow() {
        for (Committed batch; (batch = queue.poll()) != null; ) {
            if (batch != STOP) {
                complete(batch);
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
