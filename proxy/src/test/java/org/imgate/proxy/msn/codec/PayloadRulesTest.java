package org.imgate.proxy.msn.codec;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each protocol version's payload verbs, decoded as a following command would see them. */
class PayloadRulesTest {

    private static final String BODY = "<Data/>";

    /** Decodes {@code line + BODY + "PNG\r\n"} and returns the first command. */
    private static MsnCommand first(Origin origin, int version, String line) throws MsnProtocolException {
        String wire = line + "\r\n" + BODY + "PNG\r\n";
        List<MsnCommand> cmds = new MsnDecoder(origin, MsnLimits.DEFAULT, version).decode(wire.getBytes(UTF_8));
        assertEquals(2, cmds.size(), "expected the payload command and PNG");
        return cmds.get(0);
    }

    @ParameterizedTest(name = "MSNP{1} {0}: {2}")
    @CsvSource({
            "CLIENT, 2, MSG 1 N 7",
            "CLIENT, 8, MSG 3 A 7",
            "CLIENT, 15, MSG 3 D 7",
            "SERVER, 8, MSG alice@corp.example Alice%20Smith 7",
            "SERVER, 8, NOT 7",
            "SERVER, 8, IPG 7",
            "CLIENT, 8, QRY 10 msmsgs@msnmsgr.com 7",
            "CLIENT, 11, UUX 9 7",
            "SERVER, 11, UBX bob@corp.example 7",
            "SERVER, 14, UBX bob@corp.example 1 7",
            "SERVER, 11, GCF 5 Shields.xml 7",
            "SERVER, 13, GCF 0 7",
            "CLIENT, 13, ADL 12 7",
            "SERVER, 13, ADL 0 7",
            "CLIENT, 13, RML 14 7",
            "CLIENT, 13, UUN 15 bob@corp.example 1 7",
            "SERVER, 13, UBN bob@corp.example 1 7",
            "SERVER, 13, 241 12 7",
            "CLIENT, 14, FQY 16 7",
            "SERVER, 14, FQY 16 7",
            "CLIENT, 14, UUM 17 bob@yahoo.com 32 1 7",
            "SERVER, 14, UBM bob@yahoo.com 32 1 7",
    })
    void payloadCommandsConsumeTheirDeclaredBytes(Origin origin, int version, String line) throws Exception {
        MsnCommand cmd = first(origin, version, line);
        assertEquals(BODY, cmd.payloadText());
    }

    @ParameterizedTest(name = "MSNP{1} {0}: {2}")
    @CsvSource({
            "SERVER, 11, UUX 6 0",
            "SERVER, 8, QRY 10",
            "CLIENT, 11, GCF 5 Shields.xml",
            "SERVER, 13, ADL 7 OK",
            "SERVER, 8, 911 4",
            "SERVER, 12, 241 12 230",
            "CLIENT, 8, CHG 6 NLN 0",
            "SERVER, 8, ILN 6 NLN bob@corp.example Bob 268435500",
            "SERVER, 8, SYN 5 1 14 1",
    })
    void repliesEndingInANumberHaveNoBody(Origin origin, int version, String line) throws Exception {
        MsnCommand cmd = new MsnDecoder(origin, MsnLimits.DEFAULT, version)
                .decode((line + "\r\n").getBytes(UTF_8)).get(0);
        assertFalse(cmd.hasPayload(), line);
    }

    @Test
    void uuxBeforeMsnp11IsNotAPayloadCommandSoItsXmlIsGarbage() {
        MsnDecoder decoder = new MsnDecoder(Origin.CLIENT, MsnLimits.DEFAULT, 10);
        assertThrows(MsnProtocolException.class,
                () -> decoder.decode("UUX 9 7\r\n<Data/>PNG\r\n".getBytes(UTF_8)));
    }

    @Test
    void serverVerReplyInTheSameChunkSwitchesFramingAtOnce() throws Exception {
        MsnFraming framing = new MsnFraming();
        List<MsnCommand> cmds = framing.decode(Origin.SERVER,
                "VER 1 MSNP13\r\nGCF 0 7\r\n<Data/>".getBytes(UTF_8));
        assertEquals(13, framing.protocolVersion());
        assertEquals(BODY, cmds.get(1).payloadText());
        assertEquals(13, framing.decoder(Origin.CLIENT).protocolVersion(), "client side follows the VER reply");
        MsnCommand adl = framing.decode(Origin.CLIENT, "ADL 4 7\r\n<Data/>".getBytes(UTF_8)).get(0);
        assertEquals(BODY, adl.payloadText());
    }

    @Test
    void refusedVersionLeavesFramingAlone() throws Exception {
        MsnFraming framing = new MsnFraming();
        framing.decode(Origin.SERVER, "VER 1 0\r\n".getBytes(UTF_8));
        assertEquals(8, framing.protocolVersion());
    }

    @Test
    void versionTokens() {
        assertEquals(8, PayloadRules.parseVersion("MSNP8"));
        assertEquals(15, PayloadRules.parseVersion("MSNP15"));
        assertEquals(-1, PayloadRules.parseVersion("CVR0"));
        assertEquals(-1, PayloadRules.parseVersion("MSNPx"));
        assertTrue(PayloadRules.mayHaveTrId(Origin.CLIENT, "MSG"));
        assertFalse(PayloadRules.mayHaveTrId(Origin.SERVER, "MSG"));
    }

    @Test
    void payloadLengthIsNotMistakenForATransactionId() throws Exception {
        MsnCommand not = first(Origin.SERVER, 8, "NOT 7");
        assertNull(not.trId());
        assertEquals(List.of("7"), not.args());
    }
}
