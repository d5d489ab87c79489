package org.imgate.proxy.msn.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import org.imgate.proxy.msn.Transcript;
import org.junit.jupiter.api.Test;

class MsnEncoderTest {

    @Test
    void everyTranscriptStreamIsReEmittedByteForByte() throws Exception {
        for (String file : List.of("escargot-loopback.txt", "escargot-md5-msnp7.txt")) {
            Transcript transcript = Transcript.load(file);
            for (Map.Entry<String, List<Transcript.Chunk>> conn : transcript.byConnection().entrySet()) {
                MsnFraming framing = new MsnFraming();
                ByteArrayOutputStream client = new ByteArrayOutputStream();
                ByteArrayOutputStream server = new ByteArrayOutputStream();
                for (Transcript.Chunk chunk : conn.getValue()) {
                    for (MsnCommand cmd : framing.decode(chunk.origin(), chunk.bytes())) {
                        (chunk.origin() == Origin.CLIENT ? client : server).writeBytes(MsnEncoder.encode(cmd));
                    }
                }
                assertArrayEquals(transcript.stream(conn.getKey(), Origin.CLIENT), client.toByteArray(),
                        file + " " + conn.getKey() + " client");
                assertArrayEquals(transcript.stream(conn.getKey(), Origin.SERVER), server.toByteArray(),
                        file + " " + conn.getKey() + " server");
            }
        }
    }

    @Test
    void changedPayloadGetsItsLengthRecomputed() throws Exception {
        MsnCommand msg = new MsnDecoder(Origin.SERVER)
                .decode("MSG bob@corp.example Bob 5\r\nhello".getBytes(UTF_8)).get(0);
        MsnCommand changed = msg.replacePayload("héllo, world".getBytes(UTF_8));
        byte[] wire = MsnEncoder.encode(changed);
        assertEquals("MSG bob@corp.example Bob 13\r\nhéllo, world", new String(wire, UTF_8));
        MsnCommand again = new MsnDecoder(Origin.SERVER).decode(wire).get(0);
        assertEquals("héllo, world", again.payloadText());
    }

    @Test
    void builtCommandsAreEncodedFromTheirFields() {
        assertEquals("XFR 8 SB 10.0.0.1:1863 CKI 17262740.1050826919.32308\r\n", new String(MsnEncoder.encode(
                MsnCommand.of("XFR", 8L, "SB", "10.0.0.1:1863", "CKI", "17262740.1050826919.32308")), UTF_8));
        assertEquals("PNG\r\n", new String(MsnEncoder.encode(MsnCommand.of("PNG", null)), UTF_8));
        MsnCommand qry = MsnCommand.withPayload("QRY", 10L, List.of("msmsgs@msnmsgr.com"),
                "8f2f5a91b72102cd28355e9fc9000d6e".getBytes(UTF_8));
        assertEquals("QRY 10 msmsgs@msnmsgr.com 32\r\n8f2f5a91b72102cd28355e9fc9000d6e",
                new String(MsnEncoder.encode(qry), UTF_8));
    }

    @Test
    void changedArgsOfADecodedLineAreReEncoded() throws Exception {
        MsnCommand xfr = new MsnDecoder(Origin.SERVER)
                .decode("XFR 3 NS 207.46.106.118:1863 0 207.46.104.20:1863\r\n".getBytes(UTF_8)).get(0);
        MsnCommand rewritten = xfr.replaceArgs(List.of("NS", "127.0.0.1:1863", "0", "207.46.104.20:1863"));
        assertEquals("XFR 3 NS 127.0.0.1:1863 0 207.46.104.20:1863\r\n",
                new String(MsnEncoder.encode(rewritten), UTF_8));
    }

    @Test
    void inconsistentBuiltLengthIsRefused() {
        MsnCommand wrong = new MsnCommand("MSG", 3L, List.of("N", "99"), "hi".getBytes(UTF_8), null);
        assertThrows(IllegalArgumentException.class, () -> MsnEncoder.encode(wrong));
        assertThrows(IllegalArgumentException.class, () -> MsnCommand.of("msg", 1L));
        assertThrows(IllegalArgumentException.class, () -> MsnCommand.of("CAL", 1L, "two words"));
    }
}
