package org.imgate.proxy.msn.message;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One chunk of the MSN 6+ peer-to-peer layer carried in an {@code application/x-msnmsgrp2p} MSG body:
 * a 48-byte little-endian binary header, the chunk's data, and a 4-byte big-endian application id
 * footer (1 display picture, 2 file transfer). msnp.md §1 "MSG (SB)". Immutable and thread-safe.
 *
 * @param sessionId  0 for MSNSLP signalling, else the data session
 * @param id         the message id; chunks of one message share it
 * @param offset     where this chunk's data starts in the whole message
 * @param totalSize  the whole message's size
 * @param flags      0 for data and SLP, 2 for acknowledgements ...
 * @param appId      the footer, or -1 when the body has none
 */
public record P2pPacket(long sessionId, long id, long offset, long totalSize, long flags, byte[] data, long appId) {

    public static final int HEADER_BYTES = 48;

    public P2pPacket {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public int dataLength() {
        return data.length;
    }

    /** Whether this chunk is part of MSNSLP signalling (session 0), where INVITEs travel. */
    public boolean isSignalling() {
        return sessionId == 0;
    }

    /**
     * Reads a chunk from the body of an {@code application/x-msnmsgrp2p} MSG.
     *
     * @throws MalformedMessageException if the header is short or declares more data than present
     */
    public static P2pPacket parse(byte[] body) throws MalformedMessageException {
        if (body.length < HEADER_BYTES) {
            throw new MalformedMessageException("P2P body of " + body.length + " bytes is shorter than its "
                    + HEADER_BYTES + "-byte header");
        }
        ByteBuffer le = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        long sessionId = Integer.toUnsignedLong(le.getInt(0));
        long id = Integer.toUnsignedLong(le.getInt(4));
        long offset = le.getLong(8);
        long total = le.getLong(16);
        long length = Integer.toUnsignedLong(le.getInt(24));
        long flags = Integer.toUnsignedLong(le.getInt(28));
        if (length > body.length - HEADER_BYTES) {
            throw new MalformedMessageException("P2P chunk declares " + length + " data bytes but carries "
                    + (body.length - HEADER_BYTES));
        }
        if (offset < 0 || total < 0 || offset + length > total) {
            throw new MalformedMessageException("P2P chunk at offset " + offset + " with " + length
                    + " bytes does not fit its message of " + total + " bytes");
        }
        int dataEnd = HEADER_BYTES + (int) length;
        long appId = body.length >= dataEnd + 4
                ? Integer.toUnsignedLong(ByteBuffer.wrap(body, dataEnd, 4).order(ByteOrder.BIG_ENDIAN).getInt())
                : -1;
        return new P2pPacket(sessionId, id, offset, total, flags, Arrays.copyOfRange(body, HEADER_BYTES, dataEnd),
                appId);
    }

    /** Builds the wire form (header, data, footer) of a single-chunk message; used to write test vectors. */
    public static byte[] encode(long sessionId, long id, long offset, long totalSize, byte[] data, long appId) {
        ByteBuffer out = ByteBuffer.allocate(HEADER_BYTES + data.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt((int) sessionId).putInt((int) id).putLong(offset).putLong(totalSize).putInt(data.length)
                .putInt(0).putInt(0).putInt(0).putLong(0);
        out.put(data);
        out.order(ByteOrder.BIG_ENDIAN).putInt((int) appId);
        return out.array();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof P2pPacket p && sessionId == p.sessionId && id == p.id && offset == p.offset
                && totalSize == p.totalSize && flags == p.flags && appId == p.appId && Arrays.equals(data, p.data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + Long.hashCode(offset);
    }

    @Override
    public String toString() {
        return "P2pPacket[session " + sessionId + ", id " + id + ", " + offset + "+" + data.length + "/" + totalSize
                + ", app " + appId + "]";
    }
}
