package org.imgate.archive;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The writer's view of a segment file: append and fsync. A seam so that tests can make the disk fail
 * the way a full or broken disk does; production uses {@link #FILES}. Not thread-safe.
 */
interface SegmentChannel extends Closeable {

    /** Writes all remaining bytes of {@code bytes} at the end of the file. */
    void write(ByteBuffer bytes) throws IOException;

    /** Makes everything written so far durable (fdatasync). */
    void force() throws IOException;

    /** Opens segment files. */
    interface Factory {
        /** Opens {@code file} for appending, creating it if {@code create} (and failing if it exists). */
        SegmentChannel open(Path file, boolean create) throws IOException;
    }

    Factory FILES = (file, create) -> {
        FileChannel ch = create
                ? FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.WRITE);
        ch.position(ch.size());
        return new SegmentChannel() {
            @Override
            public void write(ByteBuffer bytes) throws IOException {
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
            }

            @Override
            public void force() throws IOException {
                ch.force(false);
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    };
}
