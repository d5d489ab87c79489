package org.imgate.proxy.msn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.imgate.proxy.msn.codec.Origin;

/**
 * A recorded MSNP transcript from {@code src/test/resources/msn/}: lines {@code CONN DIR: b'bytes'}
 * where CONN names the connection (NS-A, SB-B ...), DIR is C (client to server) or S, and the bytes
 * are a Python bytes literal (see shared/reference/msnp.md). Lines of the HTTP gateway transcript
 * ({@code 200 SessionID=...; GW-IP=... b'body'}) become server chunks of connection {@code HTTP-200}.
 */
public record Transcript(List<Chunk> chunks) {

    /** One recorded write. */
    public record Chunk(String connection, Origin origin, byte[] bytes) {
        public boolean isSwitchboard() {
            return connection.startsWith("SB");
        }
    }

    public static Transcript load(String resource) {
        try (InputStream in = Transcript.class.getResourceAsStream("/msn/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource msn/" + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<Chunk> chunks = new ArrayList<>();
            int lineNo = 0;
            for (String line : text.split("\n")) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                if (Character.isDigit(line.charAt(0))) {
                    // HTTP gateway response: "<status> <X-MSN-Messenger fields> [content type] b'<body>'"
                    int body = line.lastIndexOf(" b'");
                    chunks.add(new Chunk("HTTP-" + line.substring(0, 3), Origin.SERVER,
                            pythonBytes(line.substring(body + 1))));
                    continue;
                }
                int colon = line.indexOf(": b");
                String[] head = line.substring(0, colon).split(" ");
                Origin origin = switch (head[1]) {
                    case "C" -> Origin.CLIENT;
                    case "S" -> Origin.SERVER;
                    default -> throw new IllegalArgumentException(resource + ":" + lineNo + ": direction " + head[1]);
                };
                chunks.add(new Chunk(head[0], origin, pythonBytes(line.substring(colon + 2))));
            }
            return new Transcript(chunks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chunks grouped by connection, in recorded order. */
    public Map<String, List<Chunk>> byConnection() {
        Map<String, List<Chunk>> out = new LinkedHashMap<>();
        for (Chunk c : chunks) {
            out.computeIfAbsent(c.connection(), k -> new ArrayList<>()).add(c);
        }
        return out;
    }

    /** All bytes one side of one connection sent, concatenated. */
    public byte[] stream(String connection, Origin origin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Chunk c : chunks) {
            if (c.connection().equals(connection) && c.origin() == origin) {
                out.writeBytes(c.bytes());
            }
        }
        return out.toByteArray();
    }

    /** Decodes a Python bytes literal such as {@code b'MSG 3 A 5\r\nHi \xc3\xa9'}. */
    public static byte[] pythonBytes(String literal) {
        String s = literal.strip();
        if (!s.startsWith("b") || s.length() < 3) {
            throw new IllegalArgumentException("not a bytes literal: " + s);
        }
        char quote = s.charAt(1);
        if (s.charAt(s.length() - 1) != quote) {
            throw new IllegalArgumentException("unterminated bytes literal");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 2; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.write(c);
                continue;
            }
            char e = s.charAt(++i);
            switch (e) {
                case 'r' -> out.write('\r');
                case 'n' -> out.write('\n');
                case 't' -> out.write('\t');
                case '0' -> out.write(0);
                case '\\', '\'', '"' -> out.write(e);
                case 'x' -> {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                }
                default -> throw new IllegalArgumentException("unknown escape \\" + e);
            }
        }
        return out.toByteArray();
    }
}
