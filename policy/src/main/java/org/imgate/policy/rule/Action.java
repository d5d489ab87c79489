package org.imgate.policy.rule;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a rule does when it matches, as written in a policy file's {@code action}. Each rule kind
 * accepts the subset that makes sense for what it judges.
 */
public enum Action {
    /** Refuse the event and end the whole session, after telling the user the rule's notice. */
    @JsonProperty("end-session") END_SESSION("end-session"),
    /** Refuse the event and tell the sender the rule's notice. */
    @JsonProperty("block") BLOCK("block"),
    /** Deliver with the matched words masked; the archive keeps the original. */
    @JsonProperty("redact") REDACT("redact"),
    /** Deliver, and mark the event for a reviewer; the user sees nothing. */
    @JsonProperty("flag") FLAG("flag"),
    /** Deliver, and tell the user the rule's notice. */
    @JsonProperty("notify") NOTIFY("notify");

    private final String fileName;

    Action(String fileName) {
        this.fileName = fileName;
    }

    /** The name used in policy files ({@code end-session}). */
    @Override
    public String toString() {
        return fileName;
    }
}
