package org.imgate.archive;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The on-disk layout of segment headers and records, version 1, exactly as docs/archive-format.md
 * describes it. All integers are big-endian. Stateless; the {@link MessageDigest} passed in belongs
 * to the caller's thread.
 */
final class RecordFormat {
    /** ASCII {@code IMGJOURN}: the first eight bytes of every segment. */
    static final byte[] MAGIC = "IMGJOURN".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HASH_BYTES = 32;
    static final int MAX_PAYLOAD = 16 << 20;
    static final int MAX_NODE_ID = 64;
    static final byte[] GENESIS_HASH = new byte[HASH_BYTES];

    /** Bytes of a record body apart from the node id and payload: type, id length, seq, time, retain, prev, payload length. */
    private static final int BODY_FIXED = 1 + 2 + 8 + 8 + 8 + HASH_BYTES + 4;

    private RecordFormat() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    static int headerLength(byte[] nodeId) {
        return MAGIC.length + 2 + 2 + nodeId.length + 8 + HASH_BYTES;
    }

    /** A segment header: magic, version, node id, the first record's seq and the hash of the record before it. */
    static ByteBuffer header(byte[] nodeId, long firstSeq, byte[] prevHash) {
        ByteBuffer b = ByteBuffer.allocate(headerLength(nodeId));
        b.put(MAGIC).putShort((short) VERSION).putShort((short) nodeId.length).put(nodeId).putLong(firstSeq)
                .put(prevHash);
        return b.flip();
    }

    /** The total length on disk of a record with this node id and payload length. */
    static int recordLength(int nodeIdLength, int payloadLength) {
        return 4 + bodyLength(nodeIdLength, payloadLength) + HASH_BYTES;
    }

    static int bodyLength(int nodeIdLength, int payloadLength) {
        return BODY_FIXED + nodeIdLength + payloadLength;
    }

    /** The smallest and largest body length a valid record can declare. */
    static int minBodyLength() {
        return BODY_FIXED + 1;
    }

    static int maxBodyLength() {
        return BODY_FIXED + MAX_NODE_ID + MAX_PAYLOAD;
    }

    /**
     * Writes one record at {@code out}'s position and returns its hash. {@code out} must have room for
     * {@link #recordLength} bytes and be a heap buffer.
     */
    static byte[] encode(ByteBuffer out, MessageDigest sha, byte[] nodeId, long seq, long timeMillis, RecordType type,
                         long retainUntilMillis, byte[] prevHash, byte[] payload) {
        int start = out.position();
        out.putInt(bodyLength(nodeId.length, payload.length));
        out.put((byte) type.code());
        out.putShort((short) nodeId.length).put(nodeId);
        out.putLong(seq).putLong(timeMillis).putLong(retainUntilMillis);
        out.put(prevHash);
        out.putInt(payload.length).put(payload);
        sha.reset();
        sha.update(out.array(), out.arrayOffset() + start, out.position() - start);
        byte[] hash = sha.digest();
        out.put(hash);
        return hash;
    }
}
