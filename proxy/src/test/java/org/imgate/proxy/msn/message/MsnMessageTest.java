package org.imgate.proxy.msn.message;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.util.Optional;

import org.imgate.proxy.msn.TestMessages;
import org.junit.jupiter.api.Test;

class MsnMessageTest {

    @Test
    void textMessageWithCharsetAndFormat() throws Exception {
        MsnMessage m = MsnMessage.parse(TestMessages.text("Quarterly numbers attached é",
                "FN=MS%20Sans%20Serif; EF=B; CO=ff0000; CS=0; PF=22"));
        assertTrue(m.is(MsnMessage.TEXT));
        assertEquals("UTF-8", m.charsetName());
        assertEquals("Quarterly numbers attached é", m.bodyText());
        assertEquals("FN=MS%20Sans%20Serif; EF=B; CO=ff0000; CS=0; PF=22", m.imFormat());
        assertFalse(m.toString().contains("Quarterly"));
    }

    @Test
    void declaredCharsetIsHonoured() throws Exception {
        byte[] latin1 = "MIME-Version: 1.0\r\nContent-type: text/plain; charset=ISO-8859-1\r\n\r\ncaf\u00e9"
                .getBytes(Charset.forName("ISO-8859-1"));
        MsnMessage m = MsnMessage.parse(latin1);
        assertEquals("café", m.bodyText());
        assertTrue(m.is(MsnMessage.TEXT), "header names are case-insensitive");
    }

    @Test
    void unknownCharsetFallsBackToUtf8() throws Exception {
        MsnMessage m = MsnMessage.parse("Content-Type: text/plain; charset=x-no-such\r\n\r\nhé".getBytes(UTF_8));
        assertEquals("hé", m.bodyText());
    }

    @Test
    void typingNoticeAndNudge() throws Exception {
        assertEquals("t2e@example.com", MsnMessage.parse(TestMessages.typing("t2e@example.com")).typingUser());
        assertTrue(MsnMessage.parse(TestMessages.nudge()).isNudge());
        assertFalse(MsnMessage.parse(TestMessages.text("ID: 1", null)).isNudge());
    }

    @Test
    void payloadWithoutHeaderEndOrContentTypeIsMalformed() {
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> MsnMessage.parse("MIME-Version: 1.0\r\nContent-Type: text/plain".getBytes(UTF_8)));
        assertTrue(e.getMessage().contains("no blank line"), e.getMessage());
        assertThrows(MalformedMessageException.class, () -> MsnMessage.parse("Hello\r\n\r\nthere".getBytes(UTF_8)));
    }

    @Test
    void fileTransferInvitation() throws Exception {
        byte[] payload = TestMessages.fileInvite("q3.xls", 23040, "48213");
        assertEquals(290, payload.length, "the msnp.md example");
        Invitation inv = Invitation.parse(MsnMessage.parse(payload));
        assertTrue(inv.isInvite());
        assertEquals(Invitation.Application.FILE_TRANSFER, inv.application());
        assertEquals("q3.xls", inv.fileName());
        assertEquals(23040, inv.fileSize());
        assertEquals("48213", inv.cookie());
    }

    @Test
    void voiceInvitationIsToldApartByGuid() throws Exception {
        Invitation inv = Invitation.parse(MsnMessage.parse(TestMessages.voiceInvite("77")));
        assertEquals(Invitation.Application.VOICE, inv.application());
        assertNull(inv.fileName());
        assertEquals(-1, inv.fileSize());
    }

    @Test
    void cancelWithoutGuidIsOther() throws Exception {
        MsnMessage m = MsnMessage.parse(("Content-Type: text/x-msmsgsinvite; charset=UTF-8\r\n\r\n"
                + "Invitation-Command: CANCEL\r\nInvitation-Cookie: 48213\r\nCancel-Code: REJECT\r\n\r\n")
                .getBytes(UTF_8));
        Invitation inv = Invitation.parse(m);
        assertEquals("CANCEL", inv.command());
        assertEquals(Invitation.Application.OTHER, inv.application());
    }

    @Test
    void msnslpFileInviteInOneChunk() throws Exception {
        byte[] slp = TestMessages.slpFileInvite("alice@corp.example", "bob@partner.example", "Budget 2004 ü.xls",
                1_234_567);
        byte[][] chunks = TestMessages.p2pChunks("bob@partner.example", slp, 5000);
        MsnMessage m = MsnMessage.parse(chunks[0]);
        assertTrue(m.is(MsnMessage.P2P));
        P2pPacket p = P2pPacket.parse(m.body());
        assertTrue(p.isSignalling());
        Optional<byte[]> whole = new P2pAssembler().add(p);
        assertArrayEquals(slp, whole.orElseThrow());
        SlpMessage invite = SlpMessage.parse(whole.get());
        assertEquals("INVITE", invite.method());
        assertTrue(invite.isFileInvite());
        FileContext ctx = FileContext.decode(invite.body().value("Context"));
        assertEquals("Budget 2004 ü.xls", ctx.fileName());
        assertEquals(1_234_567, ctx.size());
    }

    @Test
    void msnslpInviteSplitOverChunksIsReassembled() throws Exception {
        byte[] slp = TestMessages.slpFileInvite("alice@corp.example", "bob@corp.example", "report.pdf", 42);
        byte[][] chunks = TestMessages.p2pChunks("bob@corp.example", slp, 600);
        assertTrue(chunks.length >= 2, "the test needs a split invite");
        P2pAssembler assembler = new P2pAssembler();
        Optional<byte[]> whole = Optional.empty();
        for (byte[] chunk : chunks) {
            assertTrue(whole.isEmpty(), "complete before the last chunk");
            whole = assembler.add(P2pPacket.parse(MsnMessage.parse(chunk).body()));
        }
        assertEquals("report.pdf", FileContext.decode(SlpMessage.parse(whole.orElseThrow()).body().value("Context"))
                .fileName());
    }

    @Test
    void p2pLimitsAndLies() {
        assertThrows(MalformedMessageException.class, () -> P2pPacket.parse(new byte[20]));
        byte[] lying = P2pPacket.encode(0, 1, 0, 10, new byte[10], 0);
        lying[24] = 100;
        MalformedMessageException e = assertThrows(MalformedMessageException.class, () -> P2pPacket.parse(lying));
        assertTrue(e.getMessage().contains("declares 100 data bytes"), e.getMessage());
        P2pAssembler small = new P2pAssembler(100, 2);
        assertThrows(MalformedMessageException.class,
                () -> small.add(P2pPacket.parse(P2pPacket.encode(0, 1, 0, 5000, new byte[50], 0))));
        assertThrows(MalformedMessageException.class, () -> FileContext.decode("!!not base64!!"));
        assertThrows(MalformedMessageException.class, () -> SlpMessage.parse("hello\r\n\r\n".getBytes(UTF_8)));
    }

    @Test
    void clientCapsFields() throws Exception {
        MsnMessage m = MsnMessage.parse(TestMessages.clientCaps("Gaim/1.5.0"));
        assertTrue(m.is(MsnMessage.CLIENT_CAPS));
        assertEquals("Gaim/1.5.0", m.bodyFields().value("Client-Name"));
    }

    @Test
    void fieldLinesEndingInCrlfOrLfAreReadAlikeAndLinesWithoutANameAreSkipped() {
        Fields f = Fields.parse("Application-Name: File Transfer\r\nInvitation-Command:INVITE\n"
                + ": no name\r\nno colon here\r\n\r\nInvitation-Cookie: 48213: odd\r\nConnectivity: N");
        assertEquals(java.util.List.of(new Header("Application-Name", "File Transfer"),
                new Header("Invitation-Command", "INVITE"), new Header("Invitation-Cookie", "48213: odd"),
                new Header("Connectivity", "N")), f.headers());
        assertEquals("INVITE", f.value("invitation-command"));
    }
}
