package org.imgate.proxy.msn.fake;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Answers to the notification server's {@code CHL} challenge (msnp.md §1 "CHL/QRY"): MSNP8–10 send the
 * MD5 of challenge plus a fixed key with product id {@code msmsgs@msnmsgr.com}; MSNP11+ mix a per-product
 * key into the MD5 with 64-bit arithmetic (magic 0x0E79A9C1), checked against the published vector.
 */
public final class Challenge {

    public static final String MSNP8_PRODUCT_ID = "msmsgs@msnmsgr.com";
    static final String MSNP8_KEY = "Q1P7W2E4J9R8U3S5";
    /** MSN Messenger 7.0's product id and key (msnp.md §1). */
    public static final String MSN70_PRODUCT_ID = "PROD0090YUAUV{2B";
    static final String MSN70_KEY = "YMM8C_H7KCQ2S_KL";

    private Challenge() {
    }

    /** The product id a client of this protocol version answers with. */
    public static String productId(int protocolVersion) {
        return protocolVersion >= 11 ? MSN70_PRODUCT_ID : MSNP8_PRODUCT_ID;
    }

    /** The answer a client of this protocol version sends. */
    public static String answer(int protocolVersion, String challenge) {
        return protocolVersion >= 11 ? msnp11(challenge, MSN70_PRODUCT_ID, MSN70_KEY) : msnp8(challenge);
    }

    public static String msnp8(String challenge) {
        return hex(md5(challenge + MSNP8_KEY));
    }

    public static String msnp11(String challenge, String productId, String productKey) {
        byte[] digest = md5(challenge + productKey);
        ByteBuffer md5 = ByteBuffer.wrap(digest).order(ByteOrder.LITTLE_ENDIAN);
        int[] raw = new int[4];
        long[] parts = new long[4];
        for (int i = 0; i < 4; i++) {
            raw[i] = md5.getInt(i * 4);
            parts[i] = raw[i] & 0x7FFFFFFFL;
        }
        StringBuilder padded = new StringBuilder(challenge).append(productId);
        while (padded.length() % 8 != 0) {
            padded.append('0');
        }
        ByteBuffer chl = ByteBuffer.wrap(padded.toString().getBytes(StandardCharsets.US_ASCII))
                .order(ByteOrder.LITTLE_ENDIAN);
        long modulus = 0x7FFFFFFFL;
        long high = 0;
        long low = 0;
        for (int i = 0; i < padded.length() / 4; i += 2) {
            long temp = (0x0E79A9C1L * Integer.toUnsignedLong(chl.getInt(i * 4))) % modulus;
            temp = (parts[0] * (temp + high) + parts[1]) % modulus;
            high = (Integer.toUnsignedLong(chl.getInt((i + 1) * 4)) + temp) % modulus;
            high = (parts[2] * high + parts[3]) % modulus;
            low += high + temp;
        }
        high = (high + parts[1]) % modulus;
        low = (low + parts[3]) % modulus;
        ByteBuffer out = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(raw[0] ^ (int) high).putInt(raw[1] ^ (int) low).putInt(raw[2] ^ (int) high)
                .putInt(raw[3] ^ (int) low);
        return hex(out.array());
    }

    private static byte[] md5(String text) {
        try {
            return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (byte b : bytes) {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }
}
