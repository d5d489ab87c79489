package org.imgate.proxy.msn.message;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code Context} of an MSNSLP file transfer INVITE: base64 of a little-endian structure holding
 * the header length (u32), a version (u32), the file size (u64), a type (u32) and the file name as up to
 * 260 UTF-16LE code units, NUL-terminated, followed by a preview we ignore. The layout is the one MSN
 * Messenger 6–8 and the open-source clients that talk to them (libpurple's slp code) agree on.
 * Immutable and thread-safe.
 *
 * @param fileName the file name as offered
 * @param size     the file size in bytes
 */
public record FileContext(String fileName, long size) {

    private static final int NAME_OFFSET = 20;
    private static final int NAME_BYTES = 520;

    /**
     * Decodes a file context.
     *
     * @throws MalformedMessageException if it is not base64 or too short to hold size and name
     */
    public static FileContext decode(String base64) throws MalformedMessageException {
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("MSNSLP file context is not base64");
        }
        if (bytes.length < NAME_OFFSET + 2) {
            throw new MalformedMessageException("MSNSLP file context of " + bytes.length
                    + " bytes is too short for a size and a name");
        }
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long size = le.getLong(8);
        int limit = Math.min(bytes.length, NAME_OFFSET + NAME_BYTES);
        int end = NAME_OFFSET;
        while (end + 1 < limit && (bytes[end] != 0 || bytes[end + 1] != 0)) {
            end += 2;
        }
        String name = new String(bytes, NAME_OFFSET, end - NAME_OFFSET, StandardCharsets.UTF_16LE);
        return new FileContext(name, size < 0 ? -1 : size);
    }

    /** Encodes a context the way MSN Messenger 7 does (version 2, 574-byte header); for test vectors. */
    public static String encode(String fileName, long size) {
        ByteBuffer out = ByteBuffer.allocate(574).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(574).putInt(2).putLong(size).putInt(0);
        byte[] name = fileName.getBytes(StandardCharsets.UTF_16LE);
        out.put(name, 0, Math.min(name.length, NAME_BYTES - 2));
        return Base64.getEncoder().encodeToString(out.array());
    }
}
