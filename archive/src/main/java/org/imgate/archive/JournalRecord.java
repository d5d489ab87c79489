package org.imgate.archive;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * One record as read back from a segment, with where it was found so that errors can name the place.
 * The payload array is shared, not copied; treat it as read-only. Immutable otherwise.
 *
 * @param nodeId      the node whose hash chain the record belongs to
 * @param seq         its sequence number in that chain (the first record is 1)
 * @param timestamp   when it was appended (millisecond precision)
 * @param type        what it holds
 * @param retainUntil the instant after which it may be purged
 * @param payload     the record's content (JSON for the built-in types)
 * @param prevHash    the SHA-256 of the previous record in the chain (32 zero bytes for the first)
 * @param hash        the SHA-256 of this record
 * @param segment     the segment file it was read from
 * @param offset      the byte offset of its first byte in that file
 */
public record JournalRecord(String nodeId, long seq, Instant timestamp, RecordType type, Instant retainUntil,
                            byte[] payload, byte[] prevHash, byte[] hash, Path segment, long offset) {
    public JournalRecord {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(retainUntil, "retainUntil");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(prevHash, "prevHash");
        Objects.requireNonNull(hash, "hash");
    }

    /** Where the record was read, for messages: {@code <file> offset <n> (seq <s>)}. */
    public String location() {
        return segment + " offset " + offset + " (seq " + seq + ")";
    }

    /** The offset just after this record in its segment: where the next record starts. */
    long endOffset() {
        return offset + RecordFormat.recordLength(nodeId.getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                payload.length);
    }

    /** The record's hash in lower-case hex. */
    public String hashHex() {
        return Hex.of(hash);
    }

    @Override
    public String toString() {
        return "JournalRecord[" + nodeId + " #" + seq + " " + type + " at " + location() + "]";
    }
}
