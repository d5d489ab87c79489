package org.imgate.bench.msn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The MSNP8-10 challenge answer (msnp.md §1 "CHL/QRY"): {@code md5hex(challenge + "Q1P7W2E4J9R8U3S5")},
 * sent as {@code QRY trid msmsgs@msnmsgr.com 32}. Stateless; thread-safe.
 */
final class Md5Challenge {

    static final String PRODUCT_ID = "msmsgs@msnmsgr.com";
    private static final String PRODUCT_KEY = "Q1P7W2E4J9R8U3S5";

    private Md5Challenge() {
    }

    static String answer(String challenge) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            return HexFormat.of().formatHex(md5.digest((challenge + PRODUCT_KEY).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has MD5", e);
        }
    }
}
