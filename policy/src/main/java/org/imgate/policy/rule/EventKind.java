package org.imgate.policy.rule;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.imgate.core.ImEvent;

/** The kinds of {@link ImEvent}, by the names a policy file uses for them in a scope's {@code events}. */
public enum EventKind {
    @JsonProperty("session-opened") SESSION_OPENED("session-opened"),
    @JsonProperty("client-identified") CLIENT_IDENTIFIED("client-identified"),
    @JsonProperty("login") LOGIN("login"),
    @JsonProperty("session-closed") SESSION_CLOSED("session-closed"),
    @JsonProperty("message") MESSAGE("message"),
    @JsonProperty("file-offer") FILE_OFFER("file-offer"),
    @JsonProperty("encryption-detected") ENCRYPTION_DETECTED("encryption-detected"),
    @JsonProperty("presence") PRESENCE("presence");

    private final String fileName;

    EventKind(String fileName) {
        this.fileName = fileName;
    }

    /** The kind of {@code event}. */
    public static EventKind of(ImEvent event) {
        if (event instanceof ImEvent.Message) {
            return MESSAGE;
        } else if (event instanceof ImEvent.Presence) {
            return PRESENCE;
        } else if (event instanceof ImEvent.FileOffer) {
            return FILE_OFFER;
        } else if (event instanceof ImEvent.SessionOpened) {
            return SESSION_OPENED;
        } else if (event instanceof ImEvent.ClientIdentified) {
            return CLIENT_IDENTIFIED;
        } else if (event instanceof ImEvent.Login) {
            return LOGIN;
        } else if (event instanceof ImEvent.SessionClosed) {
            return SESSION_CLOSED;
        } else if (event instanceof ImEvent.EncryptionDetected) {
            return ENCRYPTION_DETECTED;
        }
        throw new IllegalArgumentException("no event kind for " + event.getClass().getName());
    }

    /** The name used in policy files ({@code file-offer}). */
    @Override
    public String toString() {
        return fileName;
    }
}
