package org.imgate.proxy.msn.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes {@link MsnCommand}s as MSNP bytes. A decoded, unchanged command is re-emitted byte for byte
 * (its raw bytes); a built or changed command is written as {@code line CRLF payload} with the length
 * arg it carries, which {@link MsnCommand#replacePayload(byte[])} keeps equal to the payload size.
 * Stateless and thread-safe.
 */
public final class MsnEncoder {

    private MsnEncoder() {
    }

    public static byte[] encode(MsnCommand command) {
        byte[] raw = command.raw();
        if (raw != null) {
            return raw;
        }
        byte[] payload = command.payload();
        if (payload != null) {
            String declared = command.arg(command.args().size() - 1);
            if (!Integer.toString(payload.length).equals(declared)) {
                throw new IllegalArgumentException(command.verb() + " declares " + declared
                        + " payload bytes but carries " + payload.length);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(command.line().getBytes(StandardCharsets.UTF_8));
        out.write('\r');
        out.write('\n');
        if (payload != null) {
            out.writeBytes(payload);
        }
        return out.toByteArray();
    }
}
