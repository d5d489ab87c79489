package org.imgate.proxy.msn.enforce;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

import org.imgate.core.Verdict;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.codec.Origin;
import org.imgate.proxy.msn.message.Invitation;
import org.imgate.proxy.msn.message.MalformedMessageException;
import org.imgate.proxy.msn.message.MsnMessage;
import org.imgate.proxy.msn.message.P2pPacket;
import org.imgate.proxy.msn.message.SlpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the verdict policy reached on an MSNP command into {@link WireAction}s (MSNP2–MSNP15 as in
 * shared/reference/msnp.md). Pure: it builds commands, the transport sends them.
 *
 * <ul>
 * <li><b>Allow, Flag</b>: forward unchanged (byte for byte).</li>
 * <li><b>Notify</b>: forward, then show the notice (see {@link Notices}); on a notification session
 *     that is still signing in (an upgrade reminder on {@code CVR}) the notice waits for the login.</li>
 * <li><b>Redact</b> of a {@code text/plain} MSG: forward it with the replacement as body, encoded in the
 *     message's own charset, headers kept byte for byte, length recomputed. A multi-packet message is
 *     replaced by one plain message (its earlier parts never complete at the recipient). Anything else
 *     cannot be partly delivered and is blocked instead.</li>
 * <li><b>Block</b> of a client MSG: drop it; mode {@code N} and {@code A} get {@code NAK trid}, mode
 *     {@code D} (P2P) gets error {@code 282 trid}, mode {@code U} nothing (msnp.md §1 "MSG (SB)"); then the
 *     notice from the system identity. A legacy file INVITE is also cancelled towards the sender (a
 *     CANCEL with its cookie and {@code Cancel-Code: REJECT}, from the other participant when there is one,
 *     else from the system identity); an MSNSLP file INVITE gets a 603 Decline. The recipient never saw the
 *     offer, so it is sent nothing. An offer arriving from the server (the user is the recipient) is
 *     declined towards the server in the user's name, with mode {@code U} so no stray ACK comes back.
 *     Any other blocked client command with a transaction id ({@code CAL}, {@code XFR}, {@code CHG} …) is
 *     answered {@link #NOT_ALLOWED} so the client does not wait for a reply that never comes; a blocked
 *     server command is dropped.</li>
 * <li><b>Block before login</b> (the client's {@code VER}, {@code CVR} or {@code USR}, or the server's
 *     {@code USR … OK}): refuse the login and close. {@code VER} is answered {@code VER trid 0} ("no
 *     acceptable version"); {@code CVR} with {@link #CLIENT_REFUSED} (710, bad CVR: MSN Messenger reports
 *     a client problem; an outdated official client is better steered through the CVR rewrite, which
 *     offers the upgrade); {@code USR} with {@link #LOGIN_REFUSED} (911, authentication failed), chosen
 *     because clients stop there and ask the user, whereas the 600/601 "server unavailable" family
 *     makes them retry in a loop. MSNP offers no way to show text before login, so the notice is kept
 *     in the archive only.</li>
 * <li><b>EndSession</b>: drop, show the notice, then close; on a notification session the last command is
 *     {@code OUT OTH}, which every version knows and after which clients do not reconnect by themselves
 *     (they report a sign-in elsewhere; {@code OUT SSD} would invite an automatic retry). A switchboard
 *     has no server {@code OUT}: it is just closed after the notice.</li>
 * </ul>
 * Thread-safe if its random generator is (P2P message ids; {@link #MsnEnforcer(Notices)} uses one that is).
 */
public final class MsnEnforcer {

    /** The error code a refused login gets: 911, authentication failed (msnp.md §1 error codes). */
    public static final String LOGIN_REFUSED = "911";
    /** The error code a refused client version gets: 710, bad CVR. */
    public static final String CLIENT_REFUSED = "710";
    /**
     * The error a blocked client command other than MSG gets, so the client stops waiting for the reply:
     * 715, "not expected" (one of the codes msnp.md names for policy rejections).
     */
    public static final String NOT_ALLOWED = "715";
    /** The error a blocked P2P (mode D) message gets. */
    public static final String P2P_FAILED = "282";

    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

    private final Notices notices;
    private final RandomGenerator p2pIds;
    private final Logger log;

    /** An enforcer drawing P2P message ids from a {@link java.security.SecureRandom}, safe to share. */
    public MsnEnforcer(Notices notices) {
        this(notices, new java.security.SecureRandom());
    }

    public MsnEnforcer(Notices notices, RandomGenerator p2pIds) {
        this(notices, p2pIds, LoggerFactory.getLogger(MsnEnforcer.class));
    }

    /** With the logger given, so tests can read what is logged (and that no message content is). */
    MsnEnforcer(Notices notices, RandomGenerator p2pIds, Logger log) {
        this.log = Objects.requireNonNull(log, "log");
        this.notices = Objects.requireNonNull(notices, "notices");
        this.p2pIds = Objects.requireNonNull(p2pIds, "p2pIds");
    }

    /**
     * The wire actions for {@code verdict} on {@code command}, in the order to carry them out.
     *
     * @param origin which end sent the command
     */
    public List<WireAction> enforce(Origin origin, MsnCommand command, Verdict verdict, EnforcementContext context) {
        return enforce(origin, command, verdict, context, null);
    }

    /**
     * As {@link #enforce(Origin, MsnCommand, Verdict, EnforcementContext)}, for the last P2P chunk of an
     * MSNSLP offer that took several chunks: {@code completedOffer} is the whole INVITE (the mapper's
     * {@code completedSlpOffer()}), which the decline must answer. A single-chunk offer is read from
     * the command itself.
     *
     * @param completedOffer the MSNSLP INVITE the command completes, or {@code null}
     */
    public List<WireAction> enforce(Origin origin, MsnCommand command, Verdict verdict, EnforcementContext context,
                                    SlpMessage completedOffer) {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(context, "context");
        if (verdict instanceof Verdict.Notify n) {
            return withNotice(new ArrayList<>(List.of(new WireAction.Forward(command))), context, n.notice());
        }
        if (verdict instanceof Verdict.Redact r) {
            return redact(origin, command, r.replacement(), context, completedOffer);
        }
        if (verdict instanceof Verdict.Block b) {
            return block(origin, command, b.notice(), context, completedOffer);
        }
        if (verdict instanceof Verdict.EndSession e) {
            return endSession(origin, command, e.notice(), context);
        }
        // Allow and Flag deliver unchanged.
        return List.of(new WireAction.Forward(command));
    }

    private List<WireAction> redact(Origin origin, MsnCommand command, String replacement, EnforcementContext context,
                                    SlpMessage completedOffer) {
        MsnMessage message = textMessage(command);
        if (message == null) {
            log.info("{} {} cannot be redacted in part: blocking it instead", origin, command.verb());
            return block(origin, command, "A message was withheld by policy.", context, completedOffer);
        }
        byte[] payload = command.payload();
        byte[] redacted;
        if (message.header("Chunk") != null || message.header("Chunks") != null) {
            redacted = ("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + replacement)
                    .getBytes(UTF_8);
        } else {
            int headerEnd = indexOf(payload, HEADER_END) + HEADER_END.length;
            byte[] body = replacement.getBytes(message.charset());
            redacted = Arrays.copyOf(payload, headerEnd + body.length);
            System.arraycopy(body, 0, redacted, headerEnd, body.length);
        }
        return List.of(new WireAction.Forward(command.replacePayload(redacted)));
    }

    private List<WireAction> block(Origin origin, MsnCommand command, String notice, EnforcementContext context,
                                   SlpMessage completedOffer) {
        if (isLoginPhase(origin, command, context)) {
            return refuseLogin(command);
        }
        List<WireAction> out = new ArrayList<>();
        out.add(new WireAction.Drop());
        if ("MSG".equals(command.verb())) {
            if (origin == Origin.CLIENT) {
                failureReply(command).ifPresent(reply -> out.add(new WireAction.SendToClient(reply)));
            }
            cancelOffer(origin, command, context, completedOffer, out);
        } else if (origin == Origin.CLIENT && command.trId() != null) {
            out.add(new WireAction.SendToClient(MsnCommand.of(NOT_ALLOWED, command.trId())));
        }
        return withNotice(out, context, notice);
    }

    private List<WireAction> endSession(Origin origin, MsnCommand command, String notice, EnforcementContext context) {
        if (isLoginPhase(origin, command, context)) {
            return refuseLogin(command);
        }
        List<WireAction> out = withNotice(new ArrayList<>(List.of(new WireAction.Drop())), context, notice);
        out.add(new WireAction.CloseSession(context.isSwitchboard() ? null : MsnCommand.of("OUT", null, "OTH")));
        return out;
    }

    private List<WireAction> withNotice(List<WireAction> actions, EnforcementContext context, String notice) {
        WireAction shown = notices.noticeFor(context, notice);
        if (shown != null) {
            actions.add(shown);
        }
        return actions;
    }

    private static boolean isLoginPhase(Origin origin, MsnCommand command, EnforcementContext context) {
        if (context.isSwitchboard()) {
            return false;
        }
        String verb = command.verb();
        if (origin == Origin.SERVER) {
            return "USR".equals(verb) && "OK".equals(command.arg(0));
        }
        return !context.loggedIn() && ("VER".equals(verb) || "CVR".equals(verb) || "USR".equals(verb));
    }

    private static List<WireAction> refuseLogin(MsnCommand command) {
        long trId = command.trId() == null ? 0 : command.trId();
        MsnCommand refusal = switch (command.verb()) {
            case "VER" -> MsnCommand.of("VER", trId, "0");
            case "CVR" -> MsnCommand.of(CLIENT_REFUSED, trId);
            default -> MsnCommand.of(LOGIN_REFUSED, trId);
        };
        return List.of(new WireAction.Drop(), new WireAction.CloseSession(refusal));
    }

    private static Optional<MsnCommand> failureReply(MsnCommand clientMsg) {
        Long trId = clientMsg.trId();
        String mode = clientMsg.arg(0);
        if (trId == null || mode == null) {
            return Optional.empty();
        }
        return switch (mode) {
            case "N", "A" -> Optional.of(MsnCommand.of("NAK", trId));
            case "D" -> Optional.of(MsnCommand.of(P2P_FAILED, trId));
            default -> Optional.empty();
        };
    }

    /** Adds the cancel or decline of a file offer, if {@code command} is one. */
    private void cancelOffer(Origin origin, MsnCommand command, EnforcementContext context, SlpMessage completedOffer,
                             List<WireAction> out) {
        MsnMessage message;
        try {
            message = MsnMessage.parse(command.payload());
        } catch (MalformedMessageException e) {
            return;
        }
        byte[] decline = null;
        try {
            if (message.is(MsnMessage.INVITE)) {
                Invitation invitation = Invitation.parse(message);
                if (invitation.isInvite() && invitation.cookie() != null) {
                    decline = Declines.legacyCancel(invitation.cookie());
                }
            } else if (message.is(MsnMessage.P2P) && completedOffer != null) {
                if ("INVITE".equals(completedOffer.method())) {
                    decline = Declines.slpDecline(completedOffer, p2pIds.nextLong(1, 0xFFFFFFFFL));
                }
            } else if (message.is(MsnMessage.P2P)) {
                P2pPacket packet = P2pPacket.parse(message.body());
                if (packet.isSignalling() && packet.offset() == 0 && packet.dataLength() == packet.totalSize()) {
                    SlpMessage slp = SlpMessage.parse(packet.data());
                    if ("INVITE".equals(slp.method())) {
                        decline = Declines.slpDecline(slp, p2pIds.nextLong(1, 0xFFFFFFFFL));
                    }
                }
            }
        } catch (MalformedMessageException e) {
            log.info("blocked {} offer could not be read for a decline: {}", message.mimeType(), e.getMessage());
            return;
        }
        if (decline == null) {
            return;
        }
        if (origin == Origin.CLIENT) {
            Peer from = context.counterpart() != null ? context.counterpart() : notices.system();
            out.add(new WireAction.SendToClient(
                    MsnCommand.withPayload("MSG", null, List.of(from.handle(), from.wireName()), decline)));
        } else {
            out.add(new WireAction.SendToServer(MsnCommand.withPayload("MSG", 0L, List.of("U"), decline)));
        }
    }

    /** The MSG as a {@code text/plain} message or a part of a multi-packet one, else {@code null}. */
    private static MsnMessage textMessage(MsnCommand command) {
        if (!"MSG".equals(command.verb()) || !command.hasPayload()) {
            return null;
        }
        try {
            MsnMessage message = MsnMessage.parse(command.payload());
            boolean continuation = message.mimeType().isEmpty() && message.header("Chunk") != null;
            return message.is(MsnMessage.TEXT) || continuation ? message : null;
        } catch (MalformedMessageException e) {
            return null;
        }
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i <= data.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
