package org.imgate.bench.msn;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Blocking MSNP framing for the bench's own server and client (msnp.md §1 "Framing"): a command is
 * one CRLF-terminated line of space-separated tokens; a payload command ends with a byte count and
 * exactly that many raw bytes follow the line. Deliberately independent of imgate's codec, so the
 * bench never measures imgate with imgate's own parser on both sides.
 *
 * <p>Not thread-safe: one reader thread per stream.
 */
final class MsnWire {

    /** Verbs whose last token is a payload length, in either direction, in the exchanges the bench uses. */
    private static final Set<String> PAYLOAD_VERBS = Set.of("MSG", "QRY", "UUX", "UBX", "NOT");
    private static final int MAX_LINE = 4096;
    private static final int MAX_PAYLOAD = 65_536;

    /** One command: its tokens (verb first) and its payload, empty when it has none. */
    record Command(String[] tokens, byte[] payload) {
        String verb() {
            return tokens[0];
        }

        /** Token {@code i} (0 = verb), or null past the end. */
        String token(int i) {
            return i < tokens.length ? tokens[i] : null;
        }

        String payloadText() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return String.join(" ", tokens) + (payload.length == 0 ? "" : " +" + payload.length + " bytes");
        }
    }

    private final InputStream in;
    private final byte[] line = new byte[MAX_LINE];
    private final String peer;

    /** @param peer names the other end in error messages */
    MsnWire(InputStream in, String peer) {
        this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 16_384);
        this.peer = peer;
    }

    /** The next command, or null at a clean end of stream between commands. */
    Command read() throws IOException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (n == 0) {
                    return null;
                }
                throw new EOFException(peer + " closed the connection inside a command line");
            }
            if (b == '\n' && n > 0 && line[n - 1] == '\r') {
                n--;
                break;
            }
            if (n == MAX_LINE) {
                throw new IOException(peer + " sent a command line longer than " + MAX_LINE + " bytes");
            }
            line[n++] = (byte) b;
        }
        String[] tokens = new String(line, 0, n, StandardCharsets.UTF_8).split(" ");
        byte[] payload = new byte[0];
        if (PAYLOAD_VERBS.contains(tokens[0]) && tokens.length >= 2 && isDigits(tokens[tokens.length - 1])) {
            int length = Integer.parseInt(tokens[tokens.length - 1]);
            // "UUX 6 0" and a "QRY 10" reply carry no body (msnp.md): only client-style trailing counts do.
            if (length > MAX_PAYLOAD) {
                throw new IOException(peer + " announced a " + length + "-byte payload for " + tokens[0]);
            }
            if (!tokens[0].equals("QRY") || tokens.length > 2) {
                payload = in.readNBytes(length);
                if (payload.length < length) {
                    throw new EOFException(peer + " closed the connection inside a " + tokens[0] + " payload");
                }
            }
        }
        return new Command(tokens, payload);
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty() || s.length() > 6) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Writes {@code line} + CRLF and, when given, the payload; the caller flushes. */
    static void write(OutputStream out, String line, byte[] payload) throws IOException {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write('\r');
        out.write('\n');
        if (payload != null) {
            out.write(payload);
        }
    }
}
