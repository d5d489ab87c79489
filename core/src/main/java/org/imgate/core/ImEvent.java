package org.imgate.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Something that happened in an IM session and that policy may judge and the archive must keep.
 * Protocol mappers in {@code proxy} turn wire frames into these values; nothing here knows a protocol.
 *
 * <p>Every event names its session, network and the time the proxy saw it. Optional text fields are
 * {@code null} when the protocol did not carry them. All records are immutable and thread-safe.
 */
public sealed interface ImEvent {

    SessionId session();

    Network network();

    Instant timestamp();

    /** A client connected to imgate. {@code client} is what is known at connect time, often nothing yet. */
    record SessionOpened(SessionId session, Network network, Instant timestamp, ClientInfo client,
                         String remoteAddress) implements ImEvent {
        public SessionOpened {
            requireCommon(session, network, timestamp);
            Objects.requireNonNull(client, "client");
            Checks.notBlank(remoteAddress, "remote address");
        }
    }

    /**
     * The proxy learned (more) about the client program: a CVR exchange, entity capabilities, a
     * software-version reply. Policy judges the client on it, and the rollout inventory tracks it.
     */
    record ClientIdentified(SessionId session, Network network, Instant timestamp, String handle,
                            ClientInfo client) implements ImEvent {
        public ClientIdentified {
            requireCommon(session, network, timestamp);
            Objects.requireNonNull(client, "client");
        }
    }

    /** The server accepted the user's login. {@code identity} is the identity the server authenticated. */
    record Login(SessionId session, Network network, Instant timestamp, String handle, String identity,
                 ClientInfo client) implements ImEvent {
        public Login {
            requireCommon(session, network, timestamp);
            Checks.notBlank(handle, "handle");
            Checks.notBlank(identity, "identity");
            Objects.requireNonNull(client, "client");
        }
    }

    /** The session ended; {@code reason} says how (client quit, upstream closed, policy, protocol error). */
    record SessionClosed(SessionId session, Network network, Instant timestamp, String handle, String reason)
            implements ImEvent {
        public SessionClosed {
            requireCommon(session, network, timestamp);
            Checks.notBlank(reason, "reason");
        }
    }

    /**
     * A message with a body.
     *
     * @param conversationId the conversation it belongs to (a switchboard session, a chat thread, a room)
     * @param format         how the body is formatted: a MIME type, or the protocol's format header as sent
     * @param messageId      the protocol's id for the message, or {@code null}
     * @param correctsId     the id of the message this one corrects (a new revision), or {@code null}
     */
    record Message(SessionId session, Network network, Instant timestamp, String conversationId,
                   Participant sender, List<Participant> recipients, String body, String format,
                   Direction direction, String messageId, String correctsId) implements ImEvent {
        public Message {
            requireCommon(session, network, timestamp);
            Checks.notBlank(conversationId, "conversation id");
            Objects.requireNonNull(sender, "sender");
            recipients = List.copyOf(recipients);
            Objects.requireNonNull(body, "body");
            Checks.notBlank(format, "format");
            Objects.requireNonNull(direction, "direction");
        }

        /** The same message with another body, as delivered after a redaction. */
        public Message withBody(String newBody) {
            return new Message(session, network, timestamp, conversationId, sender, recipients, newBody, format,
                    direction, messageId, correctsId);
        }
    }

    /**
     * An offer to transfer a file.
     *
     * @param size   the size in bytes, or -1 when the offer does not say
     * @param sha256 the file's SHA-256 in lower-case hex when the protocol carries it, else {@code null}
     * @param method how it is offered ({@code "msn-invite"}, {@code "msnslp"}, {@code "http-upload"},
     *               {@code "jingle"}, {@code "oob"} ...)
     */
    record FileOffer(SessionId session, Network network, Instant timestamp, String conversationId,
                     Participant sender, List<Participant> recipients, String fileName, long size, String sha256,
                     String method) implements ImEvent {
        public FileOffer {
            requireCommon(session, network, timestamp);
            Checks.notBlank(conversationId, "conversation id");
            Objects.requireNonNull(sender, "sender");
            recipients = List.copyOf(recipients);
            Checks.notBlank(fileName, "file name");
            if (size < -1) {
                throw new IllegalArgumentException("size must be -1 (unknown) or >= 0");
            }
            Checks.notBlank(method, "method");
        }
    }

    /** End-to-end encryption seen in a conversation (OMEMO, OTR, OpenPGP ...): its content cannot be archived. */
    record EncryptionDetected(SessionId session, Network network, Instant timestamp, String conversationId,
                              Participant sender, List<Participant> recipients, String scheme) implements ImEvent {
        public EncryptionDetected {
            requireCommon(session, network, timestamp);
            Objects.requireNonNull(sender, "sender");
            recipients = List.copyOf(recipients);
            Checks.notBlank(scheme, "scheme");
        }
    }

    /** A user's presence changed. {@code status} is the protocol's status value, {@code statusText} free text. */
    record Presence(SessionId session, Network network, Instant timestamp, String handle, String status,
                    String statusText) implements ImEvent {
        public Presence {
            requireCommon(session, network, timestamp);
            Checks.notBlank(handle, "handle");
            Checks.notBlank(status, "status");
        }
    }

    private static void requireCommon(SessionId session, Network network, Instant timestamp) {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
