package org.imgate.archive;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes the {@code CHECKPOINT} file (a copy of the latest signed checkpoint, for readers) on a thread of
 * its own. Replacing it durably takes three fsyncs (file, rename, directory); done on the writer thread
 * it held every append waiting behind it once per checkpoint interval, which is what a latency target at
 * p99.9 sees. The checkpoint record itself is in the journal, durable, before the file is written, so the
 * file may only lag the journal, never lead it. Files are written in checkpoint order.
 *
 * <p>Thread-safe. {@link #close()} returns once every file handed in is written.
 */
final class CheckpointFiles implements AutoCloseable {

    private final ExecutorService thread;
    private final Consumer<Checkpoint> write;

    /** @param write writes one checkpoint's file and reports its own failure (it must not throw) */
    CheckpointFiles(String nodeId, Consumer<Checkpoint> write) {
        this.write = write;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "imgate-journal-checkpoint-" + nodeId);
            t.setDaemon(true);
            return t;
        });
    }

    /** Queues the file of {@code checkpoint}, whose record is already durable. */
    void writeLater(Checkpoint checkpoint) {
        thread.execute(() -> write.accept(checkpoint));
    }

    /** Writes what is queued, then stops the thread. */
    @Override
    public void close() {
        thread.shutdown();
        boolean interrupted = false;
        while (true) {
            try {
                if (thread.awaitTermination(1, TimeUnit.MINUTES)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
