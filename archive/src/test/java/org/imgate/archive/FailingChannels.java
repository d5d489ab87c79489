package org.imgate.archive;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real segment files whose fsync can be made to fail the way a full or failing disk makes it fail,
 * and that count fsyncs so tests can see group commit at work.
 */
final class FailingChannels implements SegmentChannel.Factory {
    final AtomicBoolean failForce = new AtomicBoolean();
    final AtomicBoolean failWrite = new AtomicBoolean();
    final AtomicInteger forces = new AtomicInteger();

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
                real.force();
            }

            @Override
            public void close() throws IOException {
                real.close();
            }
        };
    }
}
