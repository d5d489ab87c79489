package org.imgate.proxy.msn.mapper;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

import org.imgate.core.ClientInfo;
import org.imgate.core.Direction;
import org.imgate.core.ImEvent;
import org.imgate.core.Network;
import org.imgate.core.Participant;
import org.imgate.core.SessionId;
import org.imgate.proxy.msn.codec.MsnCommand;
import org.imgate.proxy.msn.codec.MsnProtocolException;
import org.imgate.proxy.msn.codec.Origin;
import org.imgate.proxy.msn.codec.PayloadRules;
import org.imgate.proxy.msn.identify.ClientEvidence;
import org.imgate.proxy.msn.identify.ClientIdentifier;
import org.imgate.proxy.msn.identify.CvrFields;
import org.imgate.proxy.msn.message.FileContext;
import org.imgate.proxy.msn.message.Invitation;
import org.imgate.proxy.msn.message.MalformedMessageException;
import org.imgate.proxy.msn.message.MsnMessage;
import org.imgate.proxy.msn.message.MultiPacketAssembler;
import org.imgate.proxy.msn.message.P2pAssembler;
import org.imgate.proxy.msn.message.P2pPacket;
import org.imgate.proxy.msn.message.SlpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the decoded commands of one MSNP session, both directions in wire order, into
 * {@link ImEvent}s (MSNP2–MSNP15 as described in shared/reference/msnp.md). Pure: no I/O, the time
 * comes from the injected clock, and whether a handle belongs to the company from the injected
 * predicate.
 *
 * <p>Notification role: {@code ClientIdentified} when CVR, the CHG client id, the QRY product id change
 * what is known of the client; {@code Login} on {@code USR … OK}; {@code Presence} for the user's CHG and
 * UUX and the contacts' ILN/NLN/FLN/UBX. Switchboard role: tracks the conversation (its id is the
 * switchboard session id from {@code CAL … RINGING} or {@code ANS}, the same for every participant, so
 * both ends' sessions land in one conversation) and its participants (IRO/JOI/BYE), and emits
 * {@code Message} for {@code text/plain} (charset honoured, format = the X-MMS-IM-Format header) and
 * {@code FileOffer} for file invitations (legacy and MSNSLP); multi-packet messages are joined first.
 * A client-caps message, an IM {@code User-Agent} header (old Gaim) or a {@code text/x-keepalive} from
 * the user's own client refines its identification (msnp.md §2 "MSG tells").
 *
 * <p>Not events, by design: typing notices; nudges and other datacasts (core has no event for them;
 * they carry no text, so they are logged at debug and skipped); voice and other non-file invitations
 * (logged); the Hotmail profile ({@code text/x-msmsgsprofile}, which holds {@code MSPAuth}), mail
 * notices, {@code CHL}/{@code QRY} hashes and {@code USR} tickets, which are never read into any event.
 *
 * <p>Not thread-safe: one instance per session, fed by one thread at a time.
 */
public final class MsnSessionMapper {

    private static final Logger LOG = LoggerFactory.getLogger(MsnSessionMapper.class);
    private static final int MAX_TRACKED_CONTACTS = 10_000;

    private final SessionId session;
    private final SessionRole role;
    private final Clock clock;
    private final Predicate<String> isInternal;
    private final ClientIdentifier identifier;
    // Memory per idle session (P6): what only some sessions need is created on first use, so an idle
    // notification session holds no assemblers, no participant set and no contact table it never used.
    private P2pAssembler p2p;
    private MultiPacketAssembler multiPacket;

    private ClientEvidence evidence;
    /** The evidence the last ClientIdentified was made from (its ClientInfo is recomputed, not kept). */
    private ClientEvidence identifiedFrom;
    private String requestedHandle;
    private String handle;
    private String status;
    private Map<String, String> contactStatus;

    private String switchboardId;
    private SlpMessage completedSlpOffer;
    /** In order of arrival, each once; a plain list, as a conversation has few participants. */
    private List<String> participants;

    /**
     * @param isInternal      whether a handle belongs to the company (e.g. by domain); decides a message's
     *                        {@link Direction}
     * @param initialEvidence what is already known of the client: for a switchboard session, the
     *                        evidence of the user's notification session; else {@link ClientEvidence#NONE}
     */
    public MsnSessionMapper(SessionId session, SessionRole role, Clock clock, Predicate<String> isInternal,
                            ClientIdentifier identifier, ClientEvidence initialEvidence) {
        this.session = Objects.requireNonNull(session, "session");
        this.role = Objects.requireNonNull(role, "role");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.isInternal = Objects.requireNonNull(isInternal, "isInternal");
        this.identifier = Objects.requireNonNull(identifier, "identifier");
        this.evidence = Objects.requireNonNull(initialEvidence, "initialEvidence");
        this.identifiedFrom = initialEvidence;
    }

    /**
     * Maps one decoded command.
     *
     * @throws MsnProtocolException if an MSG payload is malformed (no MIME headers, a lying P2P header):
     *                              the session cannot be archived faithfully and must end
     */
    public List<ImEvent> onCommand(Origin origin, MsnCommand command) throws MsnProtocolException {
        List<ImEvent> out = new ArrayList<>();
        completedSlpOffer = null;
        if (role == SessionRole.NOTIFICATION) {
            onNotification(origin, command, out);
        } else {
            onSwitchboard(origin, command, out);
        }
        return out;
    }

    /**
     * The MSNSLP file INVITE that the last command completed (the last P2P chunk of an offer, which is
     * when its {@code FileOffer} is emitted), so a blocked offer can be declined even when it took
     * several chunks; empty after any other command.
     */
    public Optional<SlpMessage> completedSlpOffer() {
        return Optional.ofNullable(completedSlpOffer);
    }

    /** The authenticated handle, or {@code null} before login (switchboard: the handle the user joined as). */
    public String handle() {
        return handle;
    }

    /** What is known of the client now. */
    public ClientInfo client() {
        return identifier.identify(evidence);
    }

    /** The identification evidence gathered, to hand to this user's switchboard sessions. */
    public ClientEvidence evidence() {
        return evidence;
    }

    /** The conversation id of a switchboard session. */
    public String conversationId() {
        return "msn-sb:" + (switchboardId != null ? switchboardId : session.value());
    }

    /** The other participants present in a switchboard session, in order of arrival. */
    public List<String> participants() {
        return participants == null ? List.of() : List.copyOf(participants);
    }

    private void onNotification(Origin origin, MsnCommand c, List<ImEvent> out) {
        if (origin == Origin.CLIENT) {
            switch (c.verb()) {
                case "VER" -> evidence = evidence.withVer(c.args(), c.trId());
                case "CVR" -> onCvr(c, out);
                case "USR" -> {
                    if ("I".equals(c.arg(1)) && c.arg(2) != null) {
                        requestedHandle = c.arg(2).equals(requestedHandle) ? requestedHandle : c.arg(2);
                    }
                }
                case "CHG" -> onChg(c, out);
                case "QRY" -> {
                    if (c.arg(0) != null) {
                        evidence = evidence.withQryProductId(c.arg(0));
                        identifyIfChanged(out);
                    }
                }
                case "UUX" -> {
                    String psm = c.hasPayload() ? PersonalMessage.of(c.payloadText()) : null;
                    String self = selfHandle();
                    if (psm != null && self != null) {
                        out.add(new ImEvent.Presence(session, Network.MSN, clock.instant(), self,
                                status == null ? "NLN" : status, psm));
                    }
                }
                default -> {
                    // other client commands (SYN, ADD, XFR, PNG, OUT ...) carry nothing to judge or archive
                }
            }
            return;
        }
        switch (c.verb()) {
            case "VER" -> {
                int accepted = c.arg(0) == null ? -1 : PayloadRules.parseVersion(c.arg(0));
                if (accepted > 0) {
                    evidence = evidence.withNegotiatedVersion(accepted);
                }
            }
            case "USR" -> onLogin(c, out);
            case "ILN" -> contactPresence(c.arg(1), c.arg(0), null, out);
            case "NLN" -> contactPresence(c.arg(1), c.arg(0), null, out);
            case "FLN" -> contactPresence(c.arg(0), "FLN", null, out);
            case "UBX" -> {
                String psm = c.hasPayload() ? PersonalMessage.of(c.payloadText()) : null;
                if (psm != null && c.arg(0) != null) {
                    contactPresence(c.arg(0), contactStatus == null ? "NLN"
                            : contactStatus.getOrDefault(c.arg(0), "NLN"), psm, out);
                }
            }
            default -> {
                // MSG from Hotmail (profile with MSPAuth, mail notices), CHL, lists: deliberately not read
            }
        }
    }

    private void onCvr(MsnCommand c, List<ImEvent> out) {
        CvrFields cvr;
        try {
            cvr = CvrFields.parse(c.args());
        } catch (IllegalArgumentException e) {
            LOG.info("session {}: CVR with {} fields ignored for identification", session, c.args().size());
            return;
        }
        evidence = evidence.withCvr(cvr);
        if (requestedHandle == null && cvr.handle() != null) {
            requestedHandle = cvr.handle();
        }
        identifyIfChanged(out);
    }

    private void onChg(MsnCommand c, List<ImEvent> out) {
        String newStatus = c.arg(0);
        String clientId = c.arg(1);
        if (clientId != null && PayloadRules.isNumber(clientId)) {
            evidence = evidence.withClientId(Long.parseLong(clientId));
            identifyIfChanged(out);
        }
        String self = selfHandle();
        if (newStatus != null && !newStatus.isBlank() && self != null) {
            status = canonicalStatus(newStatus);
            out.add(new ImEvent.Presence(session, Network.MSN, clock.instant(), self, newStatus, null));
        }
    }

    private void onLogin(MsnCommand c, List<ImEvent> out) {
        if (!"OK".equals(c.arg(0)) || c.arg(1) == null || c.arg(1).isBlank() || handle != null) {
            return;
        }
        String identity = c.arg(1);
        // One copy of the handle per session, however many commands repeated it.
        handle = identity.equals(requestedHandle) ? requestedHandle : identity;
        String asked = requestedHandle != null ? requestedHandle : identity;
        out.add(new ImEvent.Login(session, Network.MSN, clock.instant(), asked, identity, client()));
    }

    private void contactPresence(String contact, String contactState, String text, List<ImEvent> out) {
        if (contact == null || contact.isBlank() || contactState == null || contactState.isBlank()) {
            return;
        }
        if (contactStatus == null) {
            contactStatus = new HashMap<>();
        }
        if (contactStatus.size() < MAX_TRACKED_CONTACTS || contactStatus.containsKey(contact)) {
            contactStatus.put(contact, canonicalStatus(contactState));
        }
        out.add(new ImEvent.Presence(session, Network.MSN, clock.instant(), contact, contactState, text));
    }

    /**
     * The shared constant for a standard status code, so a table of many contacts holds no copy of
     * "NLN" per contact; other values are kept as they are.
     */
    private MultiPacketAssembler multiPacket() {
        if (multiPacket == null) {
            multiPacket = new MultiPacketAssembler();
        }
        return multiPacket;
    }

    private P2pAssembler p2p() {
        if (p2p == null) {
            p2p = new P2pAssembler();
        }
        return p2p;
    }

    private static String canonicalStatus(String status) {
        return switch (status) {
            case "NLN" -> "NLN";
            case "FLN" -> "FLN";
            case "BSY" -> "BSY";
            case "IDL" -> "IDL";
            case "BRB" -> "BRB";
            case "AWY" -> "AWY";
            case "PHN" -> "PHN";
            case "LUN" -> "LUN";
            case "HDN" -> "HDN";
            default -> status;
        };
    }

    private void identifyIfChanged(List<ImEvent> out) {
        if (evidence.equals(identifiedFrom)) {
            return;
        }
        ClientInfo now = client();
        if (!now.equals(identifier.identify(identifiedFrom))) {
            identifiedFrom = evidence;
            if (now.spoofed()) {
                LOG.info("session {}: client claims {} {} but {}", session, now.family(), now.version(),
                        now.raw().get("inconsistency"));
            }
            out.add(new ImEvent.ClientIdentified(session, Network.MSN, clock.instant(), selfHandle(), now));
        }
    }

    private String selfHandle() {
        return handle != null ? handle : requestedHandle;
    }

    private void onSwitchboard(Origin origin, MsnCommand c, List<ImEvent> out) throws MsnProtocolException {
        if (origin == Origin.CLIENT) {
            switch (c.verb()) {
                case "USR" -> {
                    if (c.arg(0) != null) {
                        requestedHandle = c.arg(0);
                    }
                }
                case "ANS" -> {
                    if (c.arg(0) != null) {
                        requestedHandle = c.arg(0);
                    }
                    if (c.arg(2) != null && switchboardId == null) {
                        switchboardId = c.arg(2);
                    }
                }
                case "MSG" -> onMessage(true, selfHandle(), c, out);
                default -> {
                    // CAL, OUT: the server's answers (RINGING, JOI, BYE) tell what happened
                }
            }
            return;
        }
        switch (c.verb()) {
            case "USR", "ANS" -> {
                if ("OK".equals(c.arg(0)) && c.arg(1) != null) {
                    handle = c.arg(1);
                } else if ("OK".equals(c.arg(0)) && handle == null) {
                    handle = requestedHandle;
                }
            }
            case "CAL" -> {
                if ("RINGING".equals(c.arg(0)) && c.arg(1) != null && switchboardId == null) {
                    switchboardId = c.arg(1);
                }
            }
            case "IRO" -> join(c.arg(2));
            case "JOI" -> join(c.arg(0));
            case "BYE" -> {
                if (c.arg(0) != null && participants != null) {
                    participants.remove(c.arg(0));
                }
            }
            case "MSG" -> onMessage(false, c.arg(0), c, out);
            default -> {
                // ACK, NAK, errors: delivery feedback, nothing to archive
            }
        }
    }

    private void join(String who) {
        if (who != null && !who.isBlank() && !who.equals(selfHandle())) {
            if (participants == null) {
                participants = new ArrayList<>(2);
            }
            if (!participants.contains(who)) {
                participants.add(who);
            }
        }
    }

    private void onMessage(boolean outgoing, String sender, MsnCommand c, List<ImEvent> out)
            throws MsnProtocolException {
        if (sender == null || sender.isBlank()) {
            // A switchboard refuses MSG before USR/ANS; a message with no known sender cannot be archived.
            throw new MsnProtocolException("MSG sent before the switchboard login in session " + session);
        }
        if (!c.hasPayload()) {
            return;
        }
        MsnMessage message;
        try {
            Optional<MsnMessage> whole = multiPacket().add(MsnMessage.parse(c.payload()));
            if (whole.isEmpty()) {
                return;
            }
            message = whole.get();
        } catch (MalformedMessageException e) {
            throw new MsnProtocolException(describe(outgoing, sender) + ": " + e.getMessage());
        }
        List<String> recipients = recipients(outgoing, sender);
        switch (message.mimeType()) {
            case MsnMessage.TEXT -> {
                String userAgent = message.header("User-Agent");
                if (outgoing && userAgent != null && !userAgent.isBlank() && evidence.capsClientName() == null) {
                    evidence = evidence.withCapsClientName(userAgent);
                    identifyIfChanged(out);
                }
                out.add(new ImEvent.Message(session, Network.MSN, clock.instant(), conversationId(),
                        Participant.of(sender), participantsOf(recipients), message.bodyText(),
                        message.imFormat() != null ? message.imFormat() : MsnMessage.TEXT,
                        direction(sender, recipients), outgoing && c.trId() != null ? c.trId().toString() : null,
                        null));
            }
            case MsnMessage.INVITE -> onInvitation(sender, recipients, message, out);
            case MsnMessage.P2P -> onP2p(outgoing, sender, recipients, message, out);
            case MsnMessage.CLIENT_CAPS -> {
                String name = message.bodyFields().value("Client-Name");
                if (outgoing && name != null && !name.isBlank()) {
                    evidence = evidence.withCapsClientName(name);
                    identifyIfChanged(out);
                }
            }
            case MsnMessage.KEEPALIVE -> {
                if (outgoing && evidence.thirdPartyTell() == null) {
                    evidence = evidence.withThirdPartyTell("sends text/x-keepalive");
                    identifyIfChanged(out);
                }
            }
            case MsnMessage.TYPING -> {
                // typing notices are not messages
            }
            default -> LOG.debug("session {}: {} of type {} not archived (nudge, emoticon, keepalive ...)",
                    session, outgoing ? "outgoing MSG" : "incoming MSG", message.mimeType());
        }
    }

    private void onInvitation(String sender, List<String> recipients, MsnMessage message, List<ImEvent> out) {
        Invitation invitation;
        try {
            invitation = Invitation.parse(message);
        } catch (MalformedMessageException e) {
            LOG.warn("session {}: invitation from {} ignored: {}", session, sender, e.getMessage());
            return;
        }
        if (!invitation.isInvite()) {
            return;
        }
        if (invitation.application() == Invitation.Application.FILE_TRANSFER && invitation.fileName() != null
                && !invitation.fileName().isBlank()) {
            out.add(new ImEvent.FileOffer(session, Network.MSN, clock.instant(), conversationId(),
                    Participant.of(sender), participantsOf(recipients), invitation.fileName(), invitation.fileSize(),
                    null, "msn-invite"));
        } else {
            LOG.info("session {}: {} invitation from {} (Application-GUID {}) is not a file offer", session,
                    invitation.application(), sender, invitation.applicationGuid());
        }
    }

    private void onP2p(boolean outgoing, String sender, List<String> recipients, MsnMessage message,
                       List<ImEvent> out) throws MsnProtocolException {
        Optional<byte[]> whole;
        try {
            whole = p2p().add(P2pPacket.parse(message.body()));
        } catch (MalformedMessageException e) {
            throw new MsnProtocolException(describe(outgoing, sender) + ": " + e.getMessage());
        }
        if (whole.isEmpty()) {
            return;
        }
        SlpMessage slp;
        try {
            slp = SlpMessage.parse(whole.get());
        } catch (MalformedMessageException e) {
            LOG.debug("session {}: P2P signalling from {} is not MSNSLP text", session, sender);
            return;
        }
        if (!slp.isFileInvite()) {
            return;
        }
        String context = slp.body().value("Context");
        FileContext file;
        try {
            file = context == null ? null : FileContext.decode(context);
        } catch (MalformedMessageException e) {
            throw new MsnProtocolException(describe(outgoing, sender) + ": " + e.getMessage());
        }
        String destination = message.header("P2P-Dest");
        List<String> to = destination != null && !destination.isBlank() ? List.of(destination) : recipients;
        String name = file == null || file.fileName().isBlank() ? "(unnamed)" : file.fileName();
        completedSlpOffer = slp;
        out.add(new ImEvent.FileOffer(session, Network.MSN, clock.instant(), conversationId(), Participant.of(sender),
                participantsOf(to), name, file == null ? -1 : file.size(), null, "msnslp"));
    }

    private String describe(boolean outgoing, String sender) {
        return (outgoing ? "MSG sent" : "MSG from " + sender) + " in conversation " + conversationId();
    }

    private List<String> recipients(boolean outgoing, String sender) {
        List<String> to = new ArrayList<>();
        String self = selfHandle();
        if (!outgoing && self != null) {
            to.add(self);
        }
        for (String p : participants == null ? List.<String>of() : participants) {
            if (!p.equals(sender)) {
                to.add(p);
            }
        }
        return to;
    }

    private Direction direction(String sender, List<String> recipients) {
        if (!isInternal.test(sender)) {
            return Direction.EXTERNAL;
        }
        for (String r : recipients) {
            if (!isInternal.test(r)) {
                return Direction.EXTERNAL;
            }
        }
        return Direction.INTERNAL;
    }

    private static List<Participant> participantsOf(List<String> handles) {
        return handles.stream().map(Participant::of).toList();
    }
}
