package org.imgate.search;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.imgate.core.Direction;
import org.imgate.core.Network;
import org.imgate.core.Participant;

/**
 * One archived record found by a search, with what a reviewer needs to read it in a list. Fields a
 * record kind does not carry are {@code null} (a session record has no body). Immutable and thread-safe.
 *
 * @param nodeId        the node whose journal holds the record
 * @param seq           the record's sequence number in that journal
 * @param time          when the proxy saw the event
 * @param kind          what kind of record it is
 * @param network       the network
 * @param session       the client session it happened in
 * @param conversation  the conversation id, or {@code null}
 * @param from          the sender (or the session's user), or {@code null} when not known yet
 * @param to            the recipients, in the order the protocol named them
 * @param direction     internal or external, for messages; else {@code null}
 * @param body          the message text as archived (before any redaction), or {@code null}
 * @param fileName      the offered file's name, or {@code null}
 * @param encryption    the end-to-end encryption scheme seen ({@code OMEMO}, {@code OTR} ...), or {@code null}
 * @param action        the verdict: {@code allow}, {@code notify}, {@code flag}, {@code redact},
 *                      {@code block} or {@code end-session}
 * @param notice        the verdict's notice, reason or replacement text, or {@code null}
 * @param rules         the ids of the rules that matched, in evaluation order
 * @param policyVersion the version of the policy that decided, or {@code null} for records archived
 *                      before imgate recorded it
 * @param clientFamily  the client program: named by session and client records, and for messages, file
 *                      offers and encryption notices the one their session identified; else {@code null}
 * @param clientVersion the client program's version, likewise, or {@code null}
 * @param snippet       the best passage of the body with the query's matches marked, or {@code null}
 * @param score         the relevance score when sorted by relevance, else {@code NaN}
 */
public record Hit(
        String nodeId,
        long seq,
        Instant time,
        RecordKind kind,
        Network network,
        String session,
        String conversation,
        Participant from,
        List<Participant> to,
        Direction direction,
        String body,
        String fileName,
        String encryption,
        String action,
        String notice,
        List<String> rules,
        String policyVersion,
        String clientFamily,
        String clientVersion,
        Snippet snippet,
        float score) {

    public Hit {
        Objects.requireNonNull(nodeId, "node id");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(network, "network");
        to = List.copyOf(to);
        Objects.requireNonNull(action, "action");
        rules = List.copyOf(rules);
    }

    /** This hit as found by another search: the same record with that search's snippet and score. */
    public Hit withSnippet(Snippet newSnippet, float newScore) {
        return new Hit(nodeId, seq, time, kind, network, session, conversation, from, to, direction, body, fileName,
                encryption, action, notice, rules, policyVersion, clientFamily, clientVersion, newSnippet, newScore);
    }

    /** The sender and recipients together, sender first. */
    public List<Participant> participants() {
        if (from == null) {
            return to;
        }
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(from), to.stream()).toList();
    }
}
