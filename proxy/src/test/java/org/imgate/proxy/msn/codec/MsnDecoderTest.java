package org.imgate.proxy.msn.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class MsnDecoderTest {

    private static final String HELLO = "MSG 3 A 125\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
            + "X-MMS-IM-Format: FN=Arial; EF=; CO=0; CS=0; PF=22\r\n\r\nHello from A";
    private static final String STREAM = "VER 1 MSNP8 CVR0\r\nPNG\r\n" + HELLO + "CAL 4 bob@corp.example\r\nOUT\r\n";

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static List<MsnCommand> decodeAll(MsnDecoder decoder, byte[] data) throws MsnProtocolException {
        return decoder.decode(data);
    }

    @Test
    void decodesSeveralCommandsFromOneChunkWithTransactionIdsAndPayload() throws Exception {
        List<MsnCommand> cmds = decodeAll(new MsnDecoder(Origin.CLIENT), bytes(STREAM));
        assertEquals(List.of("VER", "PNG", "MSG", "CAL", "OUT"), cmds.stream().map(MsnCommand::verb).toList());
        assertEquals(1L, cmds.get(0).trId());
        assertEquals(List.of("MSNP8", "CVR0"), cmds.get(0).args());
        assertNull(cmds.get(1).trId());
        MsnCommand msg = cmds.get(2);
        assertEquals(3L, msg.trId());
        assertEquals(List.of("A", "125"), msg.args());
        assertTrue(msg.payloadText().endsWith("\r\n\r\nHello from A"));
        assertEquals(125, msg.payloadLength());
        assertEquals(List.of("bob@corp.example"), cmds.get(3).args());
    }

    @Test
    void splitAnywhereGivesTheSameCommands() throws Exception {
        byte[] data = bytes(STREAM);
        List<MsnCommand> whole = decodeAll(new MsnDecoder(Origin.CLIENT), data);
        for (int cut = 0; cut <= data.length; cut++) {
            MsnDecoder decoder = new MsnDecoder(Origin.CLIENT);
            List<MsnCommand> parts = new ArrayList<>(decoder.decode(Arrays.copyOfRange(data, 0, cut)));
            parts.addAll(decoder.decode(Arrays.copyOfRange(data, cut, data.length)));
            assertEquals(whole, parts, "split at " + cut);
            assertFalse(decoder.hasPartialInput());
        }
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            MsnDecoder decoder = new MsnDecoder(Origin.CLIENT);
            List<MsnCommand> parts = new ArrayList<>();
            int pos = 0;
            while (pos < data.length) {
                int n = Math.min(data.length - pos, 1 + random.nextInt(7));
                parts.addAll(decoder.decode(ByteBuffer.wrap(data, pos, n)));
                pos += n;
            }
            assertEquals(whole, parts, "random split round " + round);
        }
    }

    @Test
    void byteByByteFeedingCompletesEachCommandOnItsLastByte() throws Exception {
        MsnDecoder decoder = new MsnDecoder(Origin.CLIENT);
        byte[] data = bytes(HELLO);
        for (int i = 0; i < data.length - 1; i++) {
            assertTrue(decoder.decode(new byte[] {data[i]}).isEmpty(), "complete too early at byte " + i);
        }
        assertEquals(1, decoder.decode(new byte[] {data[data.length - 1]}).size());
    }

    @Test
    void oversizedLineFailsWithoutWaitingForItsEnd() throws Exception {
        MsnDecoder decoder = new MsnDecoder(Origin.CLIENT, new MsnLimits(64, 1024), 8);
        decoder.decode(bytes("CAL 2 "));
        MsnProtocolException e = assertThrows(MsnProtocolException.class,
                () -> decoder.decode(bytes("x".repeat(100))));
        assertTrue(e.getMessage().contains("longer than 64 bytes"), e.getMessage());
        MsnProtocolException again = assertThrows(MsnProtocolException.class, () -> decoder.decode(bytes("PNG\r\n")));
        assertTrue(again.getMessage().startsWith("decoder already failed"), again.getMessage());
    }

    @Test
    void oversizedLineWithCrlfFails() {
        MsnDecoder decoder = new MsnDecoder(Origin.CLIENT, new MsnLimits(32, 1024), 8);
        MsnProtocolException e = assertThrows(MsnProtocolException.class,
                () -> decoder.decode(bytes("CAL 2 " + "a".repeat(40) + "@corp.example\r\n")));
        assertTrue(e.getMessage().contains("exceeds the limit of 32"), e.getMessage());
    }

    @Test
    void oversizedPayloadFailsBeforeThePayloadArrives() {
        MsnDecoder decoder = new MsnDecoder(Origin.SERVER, new MsnLimits(1024, 2048), 8);
        MsnProtocolException e = assertThrows(MsnProtocolException.class,
                () -> decoder.decode(bytes("MSG bob@corp.example Bob 999999999\r\n")));
        assertTrue(e.getMessage().contains("MSG declares a payload of 999999999 bytes"), e.getMessage());
    }

    @Test
    void payloadShorterThanDeclaredIsReportedAtEndOfInput() throws Exception {
        MsnDecoder decoder = new MsnDecoder(Origin.CLIENT);
        String lying = HELLO.replace("MSG 3 A 125", "MSG 3 A 130");
        assertTrue(decoder.decode(bytes(lying)).isEmpty());
        MsnProtocolException e = assertThrows(MsnProtocolException.class, decoder::endOfInput);
        assertTrue(e.getMessage().contains("125 of 130 declared bytes"), e.getMessage());
    }

    @Test
    void payloadLongerThanDeclaredTurnsTheRestIntoGarbage() {
        MsnDecoder decoder = new MsnDecoder(Origin.CLIENT);
        String lying = HELLO.replace("MSG 3 A 125", "MSG 3 A 120") + "\r\nCAL 4 bob@corp.example\r\n";
        MsnProtocolException e = assertThrows(MsnProtocolException.class, () -> decoder.decode(bytes(lying)));
        assertTrue(e.getMessage().contains("not an MSNP verb"), e.getMessage());
        assertFalse(e.getMessage().contains("rom"), "payload bytes must not reach the log: " + e.getMessage());
    }

    @Test
    void binaryGarbageFails() {
        MsnDecoder decoder = new MsnDecoder(Origin.CLIENT);
        byte[] garbage = {(byte) 0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, '\n'};
        MsnProtocolException e = assertThrows(MsnProtocolException.class, () -> decoder.decode(garbage));
        assertTrue(e.getMessage().contains("control byte 0x16"), e.getMessage());
    }

    @Test
    void httpRequestOnTheMsnpPortIsGarbage() {
        MsnDecoder decoder = new MsnDecoder(Origin.CLIENT);
        MsnProtocolException e = assertThrows(MsnProtocolException.class,
                () -> decoder.decode(bytes("POST /gateway/gateway.dll HTTP/1.1\r\n")));
        assertTrue(e.getMessage().contains("4 characters that are not an MSNP verb"), e.getMessage());
    }

    @Test
    void emptyLineAndNonNumericLengthFail() {
        assertThrows(MsnProtocolException.class, () -> new MsnDecoder(Origin.CLIENT).decode(bytes("\r\n")));
        MsnProtocolException e = assertThrows(MsnProtocolException.class,
                () -> new MsnDecoder(Origin.CLIENT).decode(bytes("MSG 3 A lots\r\n")));
        assertTrue(e.getMessage().contains("MSG has no payload length"), e.getMessage());
    }

    @Test
    void lineCutByTheEndOfTheConnectionIsReported() throws Exception {
        MsnDecoder decoder = new MsnDecoder(Origin.CLIENT);
        decoder.decode(bytes("CAL 2 bob@co"));
        MsnProtocolException e = assertThrows(MsnProtocolException.class, decoder::endOfInput);
        assertTrue(e.getMessage().contains("inside a command line"), e.getMessage());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "\u0000\u0001junk\r\n",
            "MSG 3 N 5\r\nthis is far longer than five bytes\r\n",
            "MSG 3 N 999999999\r\n"})
    void failureOfOneConnectionLeavesAnotherUntouched(String poison) throws Exception {
        MsnFraming broken = new MsnFraming();
        MsnFraming healthy = new MsnFraming();
        healthy.decode(Origin.CLIENT, bytes("VER 1 MSNP8 CVR0\r\nCAL 2 bo"));
        broken.decode(Origin.CLIENT, bytes("VER 1 MSNP8 CVR0\r\n"));
        assertThrows(MsnProtocolException.class, () -> broken.decode(Origin.CLIENT, bytes(poison)));
        List<MsnCommand> rest = healthy.decode(Origin.CLIENT, bytes("b@corp.example\r\n"));
        assertEquals(List.of("bob@corp.example"), rest.get(0).args());
    }

    @Test
    void unknownCommandsPassThroughUnchanged() throws Exception {
        byte[] line = bytes("ZZZ 7 some future thing\r\n");
        MsnCommand cmd = new MsnDecoder(Origin.CLIENT).decode(line).get(0);
        assertEquals("ZZZ", cmd.verb());
        assertEquals(7L, cmd.trId());
        assertArrayEquals(line, MsnEncoder.encode(cmd));
    }

    @Test
    void bareLineFeedIsAcceptedAndKeptInTheRawBytes() throws Exception {
        MsnCommand cmd = new MsnDecoder(Origin.CLIENT).decode(bytes("PNG\n")).get(0);
        assertEquals("PNG", cmd.verb());
        assertArrayEquals(bytes("PNG\n"), cmd.raw());
    }

    @Test
    void asyncServerCommandsCarryNoTransactionIdEvenWhenNumeric() throws Exception {
        List<MsnCommand> cmds = new MsnDecoder(Origin.SERVER).decode(bytes(
                "RNG 11752013 207.46.108.37:1863 CKI 849102291.520491113 alice@corp.example Alice\r\n"
                        + "QNG 50\r\nLSG 0 Other%20Contacts 0\r\nCHL 0 15570131571988941333\r\n911 4\r\n"));
        assertNull(cmds.get(0).trId());
        assertEquals("11752013", cmds.get(0).arg(0));
        assertNull(cmds.get(1).trId());
        assertNull(cmds.get(2).trId());
        assertEquals(0L, cmds.get(3).trId());
        assertTrue(cmds.get(4).isError());
        assertEquals(4L, cmds.get(4).trId());
    }

    @Test
    void toStringHidesArgsAndPayload() throws Exception {
        MsnCommand usr = new MsnDecoder(Origin.CLIENT).decode(bytes("USR 7 TWN S t=secretticket&p=x\r\n")).get(0);
        assertFalse(usr.toString().contains("secretticket"), usr.toString());
        MsnCommand msg = new MsnDecoder(Origin.CLIENT).decode(bytes(HELLO)).get(0);
        assertFalse(msg.toString().contains("Hello"), msg.toString());
    }

    @Test
    void anIdleDecoderHoldsNoBufferYetKeepsAPartialCommandAcrossChunks() throws Exception {
        MsnDecoder decoder = new MsnDecoder(Origin.CLIENT);
        assertEquals(0, decoder.bufferCapacity(), "a connection that sent nothing yet");

        decoder.decode(bytes(STREAM));
        assertEquals(0, decoder.bufferCapacity(), "every command was complete: nothing is kept while idle");

        byte[] hello = bytes(HELLO);
        assertEquals(List.of(), decoder.decode(Arrays.copyOfRange(hello, 0, 40)));
        assertTrue(decoder.bufferCapacity() >= 40, "the partial MSG is kept");
        MsnCommand msg = decoder.decode(Arrays.copyOfRange(hello, 40, hello.length)).get(0);
        assertTrue(msg.payloadText().endsWith("Hello from A"), "the MSG is whole across the two chunks");
        assertEquals(0, decoder.bufferCapacity(), "and released once it completed");
    }
}
