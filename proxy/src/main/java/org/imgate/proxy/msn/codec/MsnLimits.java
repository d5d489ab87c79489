package org.imgate.proxy.msn.codec;

/**
 * Bounds the decoder enforces so that a broken or hostile peer cannot make imgate buffer without end.
 * Immutable and thread-safe.
 *
 * @param maxLineBytes    the longest command line accepted, CRLF included
 * @param maxPayloadBytes the largest payload a command may declare
 */
public record MsnLimits(int maxLineBytes, int maxPayloadBytes) {

    /**
     * Generous defaults: real command lines stay well under 1 KiB (long nicknames are URL-encoded into
     * LST and ILN lines), switchboard messages under 1664 bytes, and the biggest payloads are the
     * XML documents of MSNP11+ ({@code GCF}, {@code ADL}, {@code UBX}), a few KiB each.
     */
    public static final MsnLimits DEFAULT = new MsnLimits(16 * 1024, 128 * 1024);

    public MsnLimits {
        if (maxLineBytes < 16) {
            throw new IllegalArgumentException("maxLineBytes must be at least 16, was " + maxLineBytes);
        }
        if (maxPayloadBytes < 0) {
            throw new IllegalArgumentException("maxPayloadBytes must not be negative, was " + maxPayloadBytes);
        }
    }
}
