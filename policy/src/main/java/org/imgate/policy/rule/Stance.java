package org.imgate.policy.rule;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An explicit yes or no a policy file gives for a case a rule's lists do not decide. */
public enum Stance {
    @JsonProperty("allow") ALLOW,
    @JsonProperty("deny") DENY;

    @Override
    public String toString() {
        return this == ALLOW ? "allow" : "deny";
    }
}
