package org.imgate.proxy.msn.enforce;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.util.List;
import java.util.SplittableRandom;

import org.imgate.core.Verdict;
import org.imgate.proxy.msn.CapturingLogger;
import org.imgate.proxy.msn.TestMessages;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.codec.MsnDecoder;
import org.imgate.proxy.msn.codec.MsnEncoder;
import org.imgate.proxy.msn.codec.Origin;
import org.imgate.proxy.msn.mapper.SessionRole;
import org.imgate.proxy.msn.message.Invitation;
import org.imgate.proxy.msn.message.MsnMessage;
import org.imgate.proxy.msn.message.P2pPacket;
import org.imgate.proxy.msn.message.SlpMessage;
import org.junit.jupiter.api.Test;

class MsnEnforcerTest {

    private static final Peer SYSTEM = new Peer("compliance@corp.example", "Compliance Office");
    private static final Peer BOB = new Peer("bob@corp.example", "Bob");
    private static final EnforcementContext SB = new EnforcementContext(SessionRole.SWITCHBOARD, 8, true,
            "alice@corp.example", BOB);
    private static final EnforcementContext NS = new EnforcementContext(SessionRole.NOTIFICATION, 8, true,
            "alice@corp.example", null);
    private static final EnforcementContext NS_LOGIN = new EnforcementContext(SessionRole.NOTIFICATION, 8, false,
            null, null);

    private final MsnEnforcer enforcer = new MsnEnforcer(new Notices(SYSTEM), new SplittableRandom(7));

    /** The 160-byte IM of msnp.md §1, decoded from the wire like the transport will. */
    private static MsnCommand quarterly(String mode) throws Exception {
        byte[] payload = TestMessages.text("Quarterly numbers attached é",
                "FN=MS%20Sans%20Serif; EF=B; CO=ff0000; CS=0; PF=22");
        assertEquals(160, payload.length);
        return decode(Origin.CLIENT, TestMessages.clientMsg(3, mode, payload));
    }

    private static MsnCommand decode(Origin origin, byte[] wire) throws Exception {
        List<MsnCommand> commands = new MsnDecoder(origin).decode(wire);
        assertEquals(1, commands.size());
        return commands.get(0);
    }

    /** Encodes what imgate sends and decodes it again as the receiving end would. */
    private static MsnCommand onTheWire(Origin sentBy, MsnCommand command) throws Exception {
        return decode(sentBy, MsnEncoder.encode(command));
    }

    @Test
    void allowAndFlagForwardTheCommandByteForByte() throws Exception {
        MsnCommand msg = quarterly("N");
        byte[] original = msg.raw();

        for (Verdict verdict : List.of(Verdict.allow(), new Verdict.Flag("keyword"))) {
            List<WireAction> actions = enforcer.enforce(Origin.CLIENT, msg, verdict, SB);
            assertEquals(1, actions.size());
            assertArrayEquals(original, MsnEncoder.encode(((WireAction.Forward) actions.get(0)).command()));
        }
    }

    @Test
    void aBlockedMessageInModeNIsDroppedNakedAndExplainedFromTheSystemIdentity() throws Exception {
        List<WireAction> actions = enforcer.enforce(Origin.CLIENT, quarterly("N"),
                new Verdict.Block("Figures may not be sent outside finance."), SB);

        assertEquals(3, actions.size());
        assertInstanceOf(WireAction.Drop.class, actions.get(0));
        assertEquals("NAK 3\r\n", new String(MsnEncoder.encode(((WireAction.SendToClient) actions.get(1)).command()),
                UTF_8));
        MsnCommand notice = onTheWire(Origin.SERVER, ((WireAction.SendToClient) actions.get(2)).command());
        assertEquals(List.of("compliance@corp.example", "Compliance%20Office"), notice.args().subList(0, 2));
        MsnMessage text = MsnMessage.parse(notice.payload());
        assertTrue(text.is(MsnMessage.TEXT));
        assertEquals("Figures may not be sent outside finance.", text.bodyText());
    }

    @Test
    void theAckModeDecidesTheFailureReply() throws Exception {
        Verdict block = new Verdict.Block("no");

        List<WireAction> u = enforcer.enforce(Origin.CLIENT, quarterly("U"), block, SB);
        List<WireAction> a = enforcer.enforce(Origin.CLIENT, quarterly("A"), block, SB);
        List<WireAction> d = enforcer.enforce(Origin.CLIENT, quarterly("D"), block, SB);

        assertEquals(2, u.size(), "mode U asks for no reply: drop and notice only");
        assertEquals(MsnCommand.of("NAK", 3L), ((WireAction.SendToClient) a.get(1)).command());
        assertEquals(MsnCommand.of("282", 3L), ((WireAction.SendToClient) d.get(1)).command());
    }

    @Test
    void aBlockedIncomingMessageIsDroppedWithoutAnyReplyToTheServer() throws Exception {
        MsnCommand incoming = decode(Origin.SERVER, TestMessages.serverMsg("eve@example.net", "Eve",
                TestMessages.text("hello", null)));

        List<WireAction> actions = enforcer.enforce(Origin.SERVER, incoming, new Verdict.Block("blocked"), SB);

        assertInstanceOf(WireAction.Drop.class, actions.get(0));
        assertEquals(2, actions.size());
        assertInstanceOf(WireAction.SendToClient.class, actions.get(1));
    }

    @Test
    void redactionKeepsHeadersByteForByteAndRecomputesTheLength() throws Exception {
        MsnCommand msg = quarterly("A");

        List<WireAction> actions = enforcer.enforce(Origin.CLIENT, msg, new Verdict.Redact("[removed by policy]"), SB);

        MsnCommand redacted = onTheWire(Origin.CLIENT, ((WireAction.Forward) actions.get(0)).command());
        assertEquals(List.of("A", Integer.toString(redacted.payloadLength())), redacted.args());
        assertEquals(3L, redacted.trId());
        String before = new String(msg.payload(), UTF_8);
        String after = new String(redacted.payload(), UTF_8);
        assertEquals(before.substring(0, before.indexOf("\r\n\r\n") + 4) + "[removed by policy]", after);
    }

    @Test
    void redactionEncodesTheReplacementInTheMessagesOwnCharset() throws Exception {
        Charset latin1 = Charset.forName("ISO-8859-1");
        byte[] payload = "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n\r\nsecret"
                .getBytes(latin1);
        MsnCommand msg = decode(Origin.SERVER, TestMessages.serverMsg("eve@example.net", "Eve", payload));

        List<WireAction> actions = enforcer.enforce(Origin.SERVER, msg, new Verdict.Redact("caché"), SB);

        MsnCommand redacted = onTheWire(Origin.SERVER, ((WireAction.Forward) actions.get(0)).command());
        MsnMessage message = MsnMessage.parse(redacted.payload());
        assertEquals("caché", message.bodyText());
        assertEquals(5, message.body().length, "é is one byte in ISO-8859-1");
        assertEquals(List.of("eve@example.net", "Eve", Integer.toString(redacted.payloadLength())), redacted.args());
    }

    @Test
    void aRedactedMultiPacketPartBecomesOneWholePlainMessage() throws Exception {
        byte[] part = "Message-ID: {F0A1}\r\nChunk: 1\r\n\r\nrest of the secret".getBytes(UTF_8);
        MsnCommand msg = decode(Origin.CLIENT, TestMessages.clientMsg(9, "N", part));

        List<WireAction> actions = enforcer.enforce(Origin.CLIENT, msg, new Verdict.Redact("[removed]"), SB);

        MsnMessage message = MsnMessage.parse(((WireAction.Forward) actions.get(0)).command().payload());
        assertTrue(message.is(MsnMessage.TEXT));
        assertEquals("[removed]", message.bodyText());
    }

    @Test
    void redactingAFileOfferCancelsItInstead() throws Exception {
        MsnCommand invite = decode(Origin.CLIENT, TestMessages.clientMsg(5, "N",
                TestMessages.fileInvite("q3.xls", 23040, "48213")));

        List<WireAction> actions = enforcer.enforce(Origin.CLIENT, invite, new Verdict.Redact("x"), SB);

        assertInstanceOf(WireAction.Drop.class, actions.get(0));
        assertTrue(actions.stream().noneMatch(WireAction.Forward.class::isInstance));
    }

    @Test
    void aBlockedFileInviteIsCancelledTowardsTheSenderInTheNameOfTheOtherParticipant() throws Exception {
        byte[] invitePayload = TestMessages.fileInvite("q3.xls", 23040, "48213");
        assertEquals(290, invitePayload.length);
        MsnCommand invite = decode(Origin.CLIENT, TestMessages.clientMsg(5, "N", invitePayload));

        List<WireAction> actions = enforcer.enforce(Origin.CLIENT, invite, new Verdict.Block("No files."), SB);

        assertInstanceOf(WireAction.Drop.class, actions.get(0));
        assertEquals(MsnCommand.of("NAK", 5L), ((WireAction.SendToClient) actions.get(1)).command());
        MsnCommand cancel = onTheWire(Origin.SERVER, ((WireAction.SendToClient) actions.get(2)).command());
        assertEquals(List.of("bob@corp.example", "Bob", "148"), cancel.args(), "msnp.md's example: 148 bytes");
        Invitation parsed = Invitation.parse(MsnMessage.parse(cancel.payload()));
        assertEquals("CANCEL", parsed.command());
        assertEquals("48213", parsed.cookie());
        assertEquals("REJECT", MsnMessage.parse(cancel.payload()).bodyFields().value("Cancel-Code"));
        assertInstanceOf(WireAction.SendToClient.class, actions.get(3), "then the notice");
        assertEquals(4, actions.size(), "nothing goes to the recipient");
    }

    @Test
    void withoutASingleCounterpartTheCancelComesFromTheSystemIdentity() throws Exception {
        EnforcementContext group = new EnforcementContext(SessionRole.SWITCHBOARD, 8, true, "alice@corp.example", null);
        MsnCommand invite = decode(Origin.CLIENT, TestMessages.clientMsg(5, "U",
                TestMessages.fileInvite("q3.xls", 23040, "48213")));

        List<WireAction> actions = enforcer.enforce(Origin.CLIENT, invite, new Verdict.Block("No files."), group);

        assertEquals("compliance@corp.example", ((WireAction.SendToClient) actions.get(1)).command().arg(0));
    }

    @Test
    void anIncomingBlockedFileInviteIsCancelledTowardsTheServerWithoutAck() throws Exception {
        MsnCommand invite = decode(Origin.SERVER, TestMessages.serverMsg("eve@example.net", "Eve",
                TestMessages.fileInvite("payload.exe", 1000, "777")));

        List<WireAction> actions = enforcer.enforce(Origin.SERVER, invite, new Verdict.Block("No files."), SB);

        MsnCommand cancel = onTheWire(Origin.CLIENT, ((WireAction.SendToServer) actions.get(1)).command());
        assertEquals("U", cancel.arg(0));
        assertEquals("777", Invitation.parse(MsnMessage.parse(cancel.payload())).cookie());
    }

    @Test
    void aBlockedMsnslpFileOfferGetsA603DeclineWithTheOffersCallId() throws Exception {
        byte[] slp = TestMessages.slpFileInvite("alice@corp.example", "bob@corp.example", "q3.xls", 23040);
        byte[] payload = TestMessages.p2pChunks("bob@corp.example", slp, 2000)[0];
        MsnCommand offer = decode(Origin.CLIENT, TestMessages.clientMsg(12, "D", payload));

        List<WireAction> actions = new MsnEnforcer(new Notices(SYSTEM)).enforce(Origin.CLIENT, offer,
                new Verdict.Block("No files."), SB);

        assertEquals(MsnCommand.of("282", 12L), ((WireAction.SendToClient) actions.get(1)).command());
        MsnCommand decline = onTheWire(Origin.SERVER, ((WireAction.SendToClient) actions.get(2)).command());
        MsnMessage message = MsnMessage.parse(decline.payload());
        assertEquals("alice@corp.example", message.header("P2P-Dest"));
        P2pPacket packet = P2pPacket.parse(message.body());
        assertEquals(0, packet.sessionId());
        assertTrue(packet.id() > 0, "a fresh P2P message id");
        assertEquals(packet.totalSize(), packet.dataLength());
        SlpMessage response = SlpMessage.parse(packet.data());
        assertEquals("MSNSLP/1.0 603 Decline", response.startLine());
        assertEquals("<msnmsgr:alice@corp.example>", response.headers().value("To"));
        assertEquals("<msnmsgr:bob@corp.example>", response.headers().value("From"));
        assertEquals("{9D79AE57-1BD5-444B-B14E-3FC9BB2B5D58}", response.headers().value("Call-ID"));
        assertEquals("94230", response.body().value("SessionID"));
    }

    @Test
    void anMsnslpOfferInTwoChunksIsDeclinedFromTheAssembledInvite() throws Exception {
        byte[] slp = TestMessages.slpFileInvite("alice@corp.example", "bob@corp.example", "q3.xls", 23040);
        byte[][] chunks = TestMessages.p2pChunks("bob@corp.example", slp, 700);
        assertEquals(2, chunks.length);
        MsnCommand lastChunk = decode(Origin.CLIENT, TestMessages.clientMsg(13, "D", chunks[1]));

        List<WireAction> withOffer = enforcer.enforce(Origin.CLIENT, lastChunk, new Verdict.Block("No files."), SB,
                SlpMessage.parse(slp));
        List<WireAction> withoutOffer = enforcer.enforce(Origin.CLIENT, lastChunk, new Verdict.Block("No files."), SB);

        MsnCommand decline = ((WireAction.SendToClient) withOffer.get(2)).command();
        SlpMessage response = SlpMessage.parse(P2pPacket.parse(MsnMessage.parse(decline.payload()).body()).data());
        assertEquals("MSNSLP/1.0 603 Decline", response.startLine());
        assertEquals(4, withOffer.size());
        assertEquals(3, withoutOffer.size(), "a lone middle chunk cannot be declined: drop, 282, notice");
    }

    @Test
    void aRefusedLoginGets911AndTheSessionCloses() throws Exception {
        MsnCommand ok = decode(Origin.SERVER, "USR 7 OK alice@corp.example Alice%20Smith 1 0\r\n".getBytes(UTF_8));

        List<WireAction> actions = enforcer.enforce(Origin.SERVER, ok, new Verdict.Block("IM is not allowed."),
                NS_LOGIN);

        assertEquals(List.of(new WireAction.Drop(), new WireAction.CloseSession(MsnCommand.of("911", 7L))), actions);
        assertEquals("911 7\r\n", new String(MsnEncoder.encode(MsnCommand.of("911", 7L)), UTF_8));
    }

    @Test
    void aRefusedClientVersionGets710AndARefusedProtocolGetsVerZero() throws Exception {
        MsnCommand cvr = decode(Origin.CLIENT, ("CVR 2 0x0409 win 4.10 i386 MSMSGS 3.6.0025 MSMSGS\r\n")
                .getBytes(UTF_8));
        MsnCommand ver = decode(Origin.CLIENT, "VER 1 MSNP7 MSNP6 CVR0\r\n".getBytes(UTF_8));

        assertEquals(new WireAction.CloseSession(MsnCommand.of("710", 2L)),
                enforcer.enforce(Origin.CLIENT, cvr, new Verdict.Block("old"), NS_LOGIN).get(1));
        assertEquals(new WireAction.CloseSession(MsnCommand.of("VER", 1L, "0")),
                enforcer.enforce(Origin.CLIENT, ver, new Verdict.EndSession("old"), NS_LOGIN).get(1));
    }

    @Test
    void endingANotificationSessionShowsAnAlertThenSendsOutOth() throws Exception {
        MsnCommand chg = decode(Origin.CLIENT, "CHG 9 NLN 268435500\r\n".getBytes(UTF_8));

        List<WireAction> actions = enforcer.enforce(Origin.CLIENT, chg,
                new Verdict.EndSession("Your account was suspended <by IT>."), NS);

        assertInstanceOf(WireAction.Drop.class, actions.get(0));
        MsnCommand alert = onTheWire(Origin.SERVER, ((WireAction.SendToClient) actions.get(1)).command());
        assertEquals("NOT", alert.verb());
        assertTrue(alert.payloadText().contains("<TEXT>Your account was suspended &lt;by IT&gt;.</TEXT>"));
        assertTrue(alert.payloadText().contains("name=\"alice@corp.example\""));
        assertEquals("OUT OTH\r\n",
                new String(MsnEncoder.encode(((WireAction.CloseSession) actions.get(2)).lastCommand()), UTF_8));
    }

    @Test
    void endingASwitchboardSessionSaysWhyInTheConversationThenCloses() throws Exception {
        List<WireAction> actions = enforcer.enforce(Origin.CLIENT, quarterly("N"), new Verdict.EndSession("Bye."), SB);

        assertEquals(3, actions.size());
        assertEquals("Bye.", MsnMessage.parse(((WireAction.SendToClient) actions.get(1)).command().payload())
                .bodyText());
        assertNull(((WireAction.CloseSession) actions.get(2)).lastCommand());
    }

    @Test
    void notifyForwardsAndShowsTheNoticeInTheConversation() throws Exception {
        List<WireAction> inConversation = enforcer.enforce(Origin.CLIENT, quarterly("N"),
                new Verdict.Notify("upgrade soon"), SB);

        assertEquals(2, inConversation.size());
        assertInstanceOf(WireAction.Forward.class, inConversation.get(0));
        assertEquals("MSG", ((WireAction.SendToClient) inConversation.get(1)).command().verb());
    }

    @Test
    void anUpgradeReminderDuringLoginWaitsForTheLoginAndNeedsMsnp8() throws Exception {
        MsnCommand cvr = decode(Origin.CLIENT, ("CVR 2 0x0409 winnt 5.1 i386 MSNMSGR 5.0.0544 MSMSGS "
                + "alice@corp.example\r\n").getBytes(UTF_8));
        EnforcementContext msnp7 = new EnforcementContext(SessionRole.NOTIFICATION, 7, false, null, null);

        List<WireAction> msnp8 = enforcer.enforce(Origin.CLIENT, cvr, new Verdict.Notify("Please upgrade to 7.0."),
                NS_LOGIN);
        List<WireAction> old = enforcer.enforce(Origin.CLIENT, cvr, new Verdict.Notify("Please upgrade to 7.0."),
                msnp7);

        assertEquals(new WireAction.Forward(cvr), msnp8.get(0));
        MsnCommand held = ((WireAction.SendToClientAfterLogin) msnp8.get(1)).command();
        assertTrue(onTheWire(Origin.SERVER, held).payloadText().contains("<TEXT>Please upgrade to 7.0.</TEXT>"));
        assertEquals(List.of(new WireAction.Forward(cvr)), old, "MSNP7 has no alerts");
    }

    @Test
    void blockingAPresenceChangeDropsItAndAlertsTheUser() throws Exception {
        byte[] psm = "<Data><PSM>In a meeting</PSM><CurrentMedia></CurrentMedia></Data>".getBytes(UTF_8);
        MsnDecoder decoder = new MsnDecoder(Origin.CLIENT, org.imgate.proxy.msn.codec.MsnLimits.DEFAULT, 11);
        byte[] wire = ("UUX 9 " + psm.length + "\r\n" + new String(psm, UTF_8)).getBytes(UTF_8);
        MsnCommand uux = decoder.decode(wire).get(0);
        EnforcementContext ns11 = new EnforcementContext(SessionRole.NOTIFICATION, 11, true, "alice@corp.example",
                null);

        List<WireAction> actions = enforcer.enforce(Origin.CLIENT, uux, new Verdict.Block("Not allowed."), ns11);

        assertEquals(3, actions.size());
        assertInstanceOf(WireAction.Drop.class, actions.get(0));
        assertEquals(MsnCommand.of("715", 9L), ((WireAction.SendToClient) actions.get(1)).command());
        assertEquals("NOT", ((WireAction.SendToClient) actions.get(2)).command().verb());
    }

    @Test
    void aBlockedContactPresenceIsDroppedWithoutAnErrorReply() throws Exception {
        MsnCommand nln = decode(Origin.SERVER, "NLN NLN eve@example.net Eve 268435500\r\n".getBytes(UTF_8));

        List<WireAction> actions = enforcer.enforce(Origin.SERVER, nln, new Verdict.Block("Hidden by policy."), NS);

        assertEquals(2, actions.size());
        assertInstanceOf(WireAction.Drop.class, actions.get(0));
        assertEquals("NOT", ((WireAction.SendToClient) actions.get(1)).command().verb());
    }

    @Test
    void actionsNeverShowMessageContentInTheirText() throws Exception {
        List<WireAction> actions = enforcer.enforce(Origin.CLIENT, quarterly("N"), new Verdict.Redact("[x]"), SB);

        assertTrue(!actions.toString().contains("Quarterly"), actions.toString());
    }

    @Test
    void whatTheEnforcerLogsHoldsNoMessageContent() throws Exception {
        CapturingLogger log = new CapturingLogger();
        MsnEnforcer logged = new MsnEnforcer(new Notices(SYSTEM), new SplittableRandom(7), log);
        byte[] brokenSlp = TestMessages.p2pChunks("bob@corp.example",
                "INVITE MSNMSGR:bob@corp.example MSNSLP/1.0\r\nTo: secret-plans".getBytes(UTF_8), 2000)[0];
        MsnCommand invite = decode(Origin.CLIENT, TestMessages.clientMsg(5, "N",
                TestMessages.fileInvite("secret-plans.xls", 23040, "48213")));

        logged.enforce(Origin.CLIENT, invite, new Verdict.Redact("x"), SB);
        logged.enforce(Origin.CLIENT, decode(Origin.CLIENT, TestMessages.clientMsg(6, "D", brokenSlp)),
                new Verdict.Block("no"), SB);

        assertEquals(2, log.lines().size(), log.all());
        assertTrue(!log.all().contains("secret") && !log.all().contains("48213"), log.all());
    }
}
