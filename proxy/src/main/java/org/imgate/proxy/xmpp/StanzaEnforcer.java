package org.imgate.proxy.xmpp;

import org.imgate.core.ImEvent;
import org.imgate.core.Verdict;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns the verdicts on one relayed stanza into what the proxy writes: the stanza's verbatim bytes
 * (allow, flag, notify), its redacted form (redact), an RFC 6120 §8.3 {@code policy-violation} bounce to
 * its sender instead (block), headline notices to the user (notify), or the end of the session. A
 * stanza whose decision failed is blocked (fail closed), and a login the archive or policy refuses ends
 * the session, since a client cannot go on without its bind result. Stateless and thread-safe.
 */
public final class StanzaEnforcer {

    /** The sender's text when the gate failed instead of answering. */
    public static final String GATE_FAILED_NOTICE =
            "Message not delivered: the compliance archive could not record it. Please try again later.";

    private final String domain;

    /** @param domain the XMPP domain the proxy speaks for (bounces are {@code by} it, notices from it) */
    public StanzaEnforcer(String domain) {
        this.domain = Objects.requireNonNull(domain, "domain");
    }

    /**
     * What to write for {@code stanza}.
     *
     * @param events   the events mapped from it, in the order {@code verdicts} answer them
     * @param verdicts the verdicts, or {@code null} when the gate failed
     * @param user     the bound user, who gets the notices; {@code null} before bind (no notices then)
     * @param forward  false for stanzas that never go on (the reply to the proxy's own version query)
     */
    public Outcome apply(TopLevelElement stanza, StanzaFlow flow, List<ImEvent> events, List<Verdict> verdicts,
                         Jid user, boolean forward) {
        Enforcement enforcement = verdicts == null
                ? new Enforcement(null, GATE_FAILED_NOTICE, null, List.of())
                : Enforcement.of(verdicts);
        boolean login = events.stream().anyMatch(e -> e instanceof ImEvent.Login);
        if (enforcement.endSessionNotice() != null) {
            return Outcome.endSession(enforcement.endSessionNotice());
        }
        if (login && !enforcement.delivers()) {
            return Outcome.endSession(enforcement.blockNotice());
        }
        List<byte[]> toClient = new ArrayList<>();
        List<byte[]> toServer = new ArrayList<>();
        List<byte[]> towardsRecipient = flow == StanzaFlow.FROM_CLIENT ? toServer : toClient;
        List<byte[]> backToSender = flow == StanzaFlow.FROM_CLIENT ? toClient : toServer;
        XmlElement element = stanza.element();
        boolean blocked = enforcement.blockNotice() != null;
        if (blocked) {
            XmppErrors.bounce(element, StanzaErrorCondition.POLICY_VIOLATION, enforcement.blockNotice(), domain)
                    .ifPresent(bounce -> backToSender.add(utf8(bounce.toXml())));
        } else if (forward) {
            towardsRecipient.add(enforcement.replacementBody() == null ? stanza.bytes()
                    : utf8(Redaction.withBody(element, enforcement.replacementBody()).toXml()));
        }
        if (user != null) {
            for (String notice : enforcement.notices()) {
                toClient.add(utf8(XmppErrors.notice(domain, user, notice).toXml()));
            }
        }
        return new Outcome(null, blocked, toClient, toServer);
    }

    private static byte[] utf8(String xml) {
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What to do. Immutable.
     *
     * @param endSessionNotice when not {@code null}, end the session with this text and write nothing else
     * @param blocked          whether the stanza was withheld
     * @param toClient         bytes for the client, in order
     * @param toServer         bytes for the server, in order
     */
    public record Outcome(String endSessionNotice, boolean blocked, List<byte[]> toClient, List<byte[]> toServer) {
        public Outcome {
            toClient = List.copyOf(toClient);
            toServer = List.copyOf(toServer);
        }

        static Outcome endSession(String notice) {
            return new Outcome(notice, true, List.of(), List.of());
        }
    }
}
