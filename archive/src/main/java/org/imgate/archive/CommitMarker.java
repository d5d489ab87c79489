package org.imgate.archive;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The {@code COMMITTED} file: the sequence number of the last durable record, published by the writer
 * after every fsync so that readers in other processes can stay behind records that are written but
 * not yet durable. 16 bytes: the seq and its bitwise complement, big-endian, so a reader can tell a
 * torn read from a value. It is a hint for readers, not part of the archive: it is not fsynced, and
 * after a crash it can only be behind the journal, never ahead (it is written after the fsync).
 * The writer's instance is used from the writer thread only; {@link #read} is thread-safe.
 */
final class CommitMarker implements Closeable {
    static final String FILE = "COMMITTED";
    private final FileChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocate(16);

    private CommitMarker(FileChannel channel) {
        this.channel = channel;
    }

    static CommitMarker open(Path journalDir) throws JournalException {
        Path file = journalDir.resolve(FILE);
        try {
            return new CommitMarker(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new JournalException("cannot open " + file + ": " + e, e);
        }
    }

    void publish(long seq) throws IOException {
        buf.clear();
        buf.putLong(seq).putLong(~seq).flip();
        while (buf.hasRemaining()) {
            channel.write(buf, buf.position());
        }
    }

    /** The published seq, or -1 when there is no (readable) marker. */
    static long read(Path journalDir) {
        Path file = journalDir.resolve(FILE);
        if (!Files.exists(file)) {
            return -1;
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                ByteBuffer b = ByteBuffer.allocate(16);
                while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
                    // keep reading until 16 bytes or EOF
                }
                if (b.position() == 16) {
                    long seq = b.getLong(0);
                    if (b.getLong(8) == ~seq) {
                        return seq;
                    }
                }
            } catch (IOException e) {
                return -1;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
