package org.imgate.archive;

import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;

/**
 * The child process of {@link JournalCrashIT}: appends to the journal under {@code args[0]} as fast as
 * it can from several threads and prints each sequence number only after its append was acknowledged
 * durable, until it is killed.
 */
public final class CrashAppender {
    private CrashAppender() {
    }

    public static void main(String[] args) throws Exception {
        ArchiveConfig config = new ArchiveConfig(null, null, 1L << 20, 2_000, Duration.ofMillis(200),
                Duration.ofMillis(1), 1024);
        Journal journal = Journal.open(new JournalSettings(Path.of(args[0]), Journals.NODE, config,
                Clock.systemUTC(), null));
        LinkedBlockingQueue<Long> acked = new LinkedBlockingQueue<>();
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false);
        Thread printer = new Thread(() -> {
            try {
                while (true) {
                    long seq = acked.take();
                    out.println(seq);
                    Long more;
                    while ((more = acked.poll()) != null) {
                        out.println(more);
                    }
                    out.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        printer.start();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            new Thread(() -> {
                Semaphore inFlight = new Semaphore(1024);
                for (int i = 0; ; i++) {
                    inFlight.acquireUninterruptibly();
                    journal.append(RecordType.DECISION, Journals.payload(thread * 10_000_000 + i))
                            .whenComplete((seq, err) -> {
                                inFlight.release();
                                if (err == null) {
                                    acked.add(seq);
                                }
                            });
                }
            }).start();
        }
    }
}
