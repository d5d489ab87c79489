package org.imgate.archive.export;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One archived record as an export writes it: the fields of {@code imgate search --json}, without
 * search-only ones (snippet, score). Fields a record does not carry are {@code null}. Immutable.
 *
 * @param nodeId        the node whose journal holds the record
 * @param seq           its sequence number in that journal
 * @param time          when the proxy saw the event
 * @param kind          the record kind as the query language names it ({@code message}, {@code file-offer} ...)
 * @param network       {@code msn} or {@code xmpp}
 * @param session       the client session, or {@code null}
 * @param conversation  the conversation id, or {@code null}
 * @param from          the sender's handle, or {@code null}
 * @param fromEmployee  the sender's employee id once mapped, or {@code null}
 * @param to            the recipients' handles
 * @param direction     {@code internal} or {@code external}, or {@code null}
 * @param body          the message text as archived, or {@code null}
 * @param fileName      an offered file's name, or {@code null}
 * @param encryption    the end-to-end encryption scheme seen, or {@code null}
 * @param action        the verdict ({@code allow}, {@code block} ...)
 * @param notice        the verdict's notice, reason or replacement, or {@code null}
 * @param rules         the ids of the rules that matched
 * @param policyVersion the version of the policy that decided, or {@code null} when not recorded
 * @param client        the client program, or {@code null}
 * @param clientVersion its version, or {@code null}
 */
public record ExportedMessage(String nodeId, long seq, Instant time, String kind, String network, String session,
                              String conversation, String from, String fromEmployee, List<String> to,
                              String direction, String body, String fileName, String encryption, String action,
                              String notice, List<String> rules, String policyVersion, String client,
                              String clientVersion) {
    public ExportedMessage {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(action, "action");
        to = List.copyOf(to);
        rules = List.copyOf(rules);
    }

    /** The sender (when known) and the recipients, sender first, each once. */
    public List<String> participants() {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
        if (from != null) {
            all.add(from);
        }
        all.addAll(to);
        return List.copyOf(all);
    }
}
