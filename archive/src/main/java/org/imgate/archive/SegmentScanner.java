package org.imgate.archive;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;

/**
 * Reads one segment file front to back, checking each record's length and hash, and says exactly
 * where and how the bytes stop making sense. It reads only up to the file size seen when it was
 * opened, so a writer appending concurrently is harmless. Not thread-safe; one reader per instance.
 */
final class SegmentScanner implements Closeable {

    /** What the next step of the scan found. */
    sealed interface Step {
    }

    /** A complete record whose hash matches. */
    record Found(JournalRecord record) implements Step {
    }

    /** The clean end of the segment. */
    record End(long offset) implements Step {
    }

    /**
     * Bytes at {@code offset} are not a valid record.
     *
     * @param seq          the sequence number the damaged record claims, or -1 if unreadable
     * @param reachesEnd   true when nothing readable follows it: the damage is the file's tail
     */
    record Damage(Kind kind, long offset, long seq, String message, boolean reachesEnd) implements Step {
    }

    enum Kind {
        /** The file ends inside the record. */
        INCOMPLETE,
        /** The length field is impossible. */
        BAD_LENGTH,
        /** The bytes do not hash to the stored hash, or a field is invalid. */
        BAD_HASH
    }

    /** A segment's header. */
    record Header(String nodeId, long firstSeq, byte[] prevHash, int length) {
    }

    /** The file is shorter than its header: a segment whose creation was cut off by a crash. */
    static final class IncompleteHeader extends JournalException {
        private static final long serialVersionUID = 1L;

        IncompleteHeader(String message) {
            super(message);
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final long limit;
    private final DataInputStream in;
    private final MessageDigest sha = RecordFormat.sha256();
    private long offset;
    private Header header;

    private SegmentScanner(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        this.limit = channel.size();
        InputStream raw = Channels.newInputStream(channel);
        this.in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
    }

    static SegmentScanner open(Path file) throws JournalException {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
            return new SegmentScanner(file, ch);
        } catch (IOException e) {
            closeQuietly(ch, e);
            throw new JournalException("cannot read segment " + file + ": " + e, e);
        }
    }

    long size() {
        return limit;
    }

    /**
     * Continues the scan at {@code position}, which must be the start of a record (the end offset of a
     * record read earlier); skips without reading the bytes in between.
     */
    void seek(long position) throws JournalException {
        header();
        if (position < offset || position > limit) {
            throw new JournalException(file + ": cannot resume at offset " + position + " (file has " + limit
                    + " bytes, records start at " + offset + ")");
        }
        try {
            in.skipNBytes(position - offset);
            offset = position;
        } catch (IOException e) {
            throw new JournalException("cannot read segment " + file + " at offset " + position + ": " + e, e);
        }
    }

    Path file() {
        return file;
    }

    /**
     * Reads and checks the header.
     *
     * @throws JournalException naming the file when the header is short, has the wrong magic or an unknown version
     */
    Header header() throws JournalException {
        if (header != null) {
            return header;
        }
        try {
            byte[] magic = new byte[RecordFormat.MAGIC.length];
            readFully(magic);
            if (!Arrays.equals(magic, RecordFormat.MAGIC)) {
                throw new JournalException(file + " offset 0: not an imgate journal segment (bad magic)");
            }
            int version = readShort();
            if (version != RecordFormat.VERSION) {
                throw new JournalException(file + " offset 8: unsupported segment format version " + version);
            }
            int idLen = readShort();
            if (idLen < 1 || idLen > RecordFormat.MAX_NODE_ID) {
                throw new JournalException(file + " offset 10: invalid node id length " + idLen);
            }
            byte[] id = new byte[idLen];
            readFully(id);
            long firstSeq = readLong();
            byte[] prev = new byte[RecordFormat.HASH_BYTES];
            readFully(prev);
            header = new Header(new String(id, StandardCharsets.UTF_8), firstSeq, prev, (int) offset);
            return header;
        } catch (EOFException e) {
            throw new IncompleteHeader(file + ": segment header is incomplete (file has " + limit + " bytes)");
        } catch (IOException e) {
            throw new JournalException("cannot read segment " + file + ": " + e, e);
        }
    }

    /** The next record, the end, or the damage that stops the scan; once damage is returned, stop calling. */
    Step next() throws JournalException {
        header();
        long start = offset;
        if (start == limit) {
            return new End(start);
        }
        try {
            if (limit - start < 4) {
                return new Damage(Kind.INCOMPLETE, start, -1, "record length field is cut off", true);
            }
            int bodyLen = readInt();
            if (bodyLen < RecordFormat.minBodyLength() || bodyLen > RecordFormat.maxBodyLength()) {
                boolean zeros = restIsZero(bodyLen);
                return new Damage(Kind.BAD_LENGTH, start, -1, "impossible record length " + bodyLen, zeros);
            }
            long total = 4L + bodyLen + RecordFormat.HASH_BYTES;
            if (start + total > limit) {
                return new Damage(Kind.INCOMPLETE, start, -1, "record of " + total + " bytes is cut off after "
                        + (limit - start) + " bytes", true);
            }
            byte[] bytes = new byte[(int) total];
            ByteBuffer.wrap(bytes).putInt(bodyLen);
            readFully(bytes, 4, bytes.length - 4);
            boolean reachesEnd = offset == limit;
            return parse(bytes, start, reachesEnd);
        } catch (EOFException e) {
            return new Damage(Kind.INCOMPLETE, start, -1, "file ends inside the record", true);
        } catch (IOException e) {
            throw new JournalException("cannot read segment " + file + " at offset " + start + ": " + e, e);
        }
    }

    private Step parse(byte[] bytes, long start, boolean reachesEnd) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int bodyLen = b.getInt();
        int typeCode = b.get() & 0xff;
        int idLen = b.getShort() & 0xffff;
        if (idLen < 1 || idLen > RecordFormat.MAX_NODE_ID || 4 + 1 + 2 + idLen + 24 + 32 + 4 > 4 + bodyLen) {
            return new Damage(Kind.BAD_HASH, start, -1, "invalid node id length " + idLen, reachesEnd);
        }
        byte[] id = new byte[idLen];
        b.get(id);
        long seq = b.getLong();
        long time = b.getLong();
        long retain = b.getLong();
        byte[] prev = new byte[RecordFormat.HASH_BYTES];
        b.get(prev);
        int payloadLen = b.getInt();
        if (payloadLen != bodyLen - RecordFormat.bodyLength(idLen, 0)) {
            return new Damage(Kind.BAD_HASH, start, seq, "payload length " + payloadLen
                    + " does not match record length " + bodyLen, reachesEnd);
        }
        byte[] payload = new byte[payloadLen];
        b.get(payload);
        byte[] stored = new byte[RecordFormat.HASH_BYTES];
        b.get(stored);
        sha.reset();
        sha.update(bytes, 0, bytes.length - RecordFormat.HASH_BYTES);
        byte[] actual = sha.digest();
        if (!MessageDigest.isEqual(actual, stored)) {
            return new Damage(Kind.BAD_HASH, start, seq, "record hash does not match its contents", reachesEnd);
        }
        RecordType type;
        try {
            type = RecordType.fromCode(typeCode);
        } catch (IllegalArgumentException e) {
            return new Damage(Kind.BAD_HASH, start, seq, e.getMessage(), reachesEnd);
        }
        JournalRecord r = new JournalRecord(new String(id, StandardCharsets.UTF_8), seq, Instant.ofEpochMilli(time),
                type, Instant.ofEpochMilli(retain), payload, prev, actual, file, start);
        return new Found(r);
    }

    private boolean restIsZero(int alreadyRead) throws IOException {
        if (alreadyRead != 0) {
            return false;
        }
        while (offset < limit) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            offset++;
            if (c != 0) {
                return false;
            }
        }
        return true;
    }

    private void readFully(byte[] b) throws IOException {
        readFully(b, 0, b.length);
    }

    private void readFully(byte[] b, int off, int len) throws IOException {
        if (offset + len > limit) {
            throw new EOFException();
        }
        in.readFully(b, off, len);
        offset += len;
    }

    private int readShort() throws IOException {
        if (offset + 2 > limit) {
            throw new EOFException();
        }
        offset += 2;
        return in.readUnsignedShort();
    }

    private int readInt() throws IOException {
        if (offset + 4 > limit) {
            throw new EOFException();
        }
        offset += 4;
        return in.readInt();
    }

    private long readLong() throws IOException {
        if (offset + 8 > limit) {
            throw new EOFException();
        }
        offset += 8;
        return in.readLong();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // a read-only channel has nothing to lose on close
        }
    }

    private static void closeQuietly(FileChannel ch, Exception primary) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                primary.addSuppressed(e);
            }
        }
    }
}
