package org.imgate.archive;

import java.util.HexFormat;

/** Lower-case hex, as hashes are written in JSON payloads and reports. */
final class Hex {
    private static final HexFormat HEX = HexFormat.of();

    private Hex() {
    }

    static String of(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    static byte[] parse(String hex) {
        return HEX.parseHex(hex);
    }
}
