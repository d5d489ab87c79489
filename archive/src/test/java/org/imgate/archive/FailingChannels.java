package org.imgate.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Real segment files whose fsync can be made to fail the way a full or failing disk makes it fail, or to
 * take long the way a busy disk does, and that count fsyncs so tests can see group commit at work.
 */
final class FailingChannels implements SegmentChannel.Factory {
    final AtomicBoolean failForce = new AtomicBoolean();
    final AtomicBoolean failWrite = new AtomicBoolean();
    final AtomicInteger forces = new AtomicInteger();
    /** The next fsync takes this long (then it is reset); 0: as long as the disk takes. */
    final AtomicLong nextForceMillis = new AtomicLong();
    /** When ({@link System#nanoTime()}) the last slowed fsync started and returned. */
    final AtomicLong slowForceStarted = new AtomicLong();
    final AtomicLong slowForceEnded = new AtomicLong();

    @Override
    public SegmentChannel open(Path file, boolean create) throws IOException {
        SegmentChannel real = SegmentChannel.FILES.open(file, create);
        return new SegmentChannel() {
            @Override
            public void write(ByteBuffer bytes) throws IOException {
                if (failWrite.get()) {
                    throw new IOException("No space left on device");
                }
                real.write(bytes);
            }

            @Override
            public void force() throws IOException {
                if (failForce.get()) {
                    throw new IOException("Input/output error");
                }
                forces.incrementAndGet();
                long slow = nextForceMillis.getAndSet(0);
                long started = System.nanoTime();
                real.force();
                if (slow > 0) {
                    slowForceStarted.set(started);
                    try {
                        Thread.sleep(slow);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted", e);
                    }
                    slowForceEnded.set(System.nanoTime());
                }
            }

            @Override
            public void close() throws IOException {
                real.close();
            }
        };
    }
}
