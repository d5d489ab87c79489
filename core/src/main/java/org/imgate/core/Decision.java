package org.imgate.core;

import java.util.List;
import java.util.Objects;

/**
 * An event together with the verdict policy reached on it, the ids of the rules that matched, in
 * evaluation order, and the version of the policy that judged it. This is the unit the archive keeps,
 * so a reviewer can tell years later which revision of the rules let a message through. Immutable.
 *
 * @param policyVersion the {@code version} of the policy file that decided, or {@code null} when no
 *                      policy was involved
 */
public record Decision(ImEvent event, Verdict verdict, List<String> matchedRules, String policyVersion) {
    public Decision {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(verdict, "verdict");
        matchedRules = List.copyOf(matchedRules);
    }

    /** A decision no versioned policy took part in. */
    public Decision(ImEvent event, Verdict verdict, List<String> matchedRules) {
        this(event, verdict, matchedRules, null);
    }

    public static Decision allowed(ImEvent event) {
        return new Decision(event, Verdict.allow(), List.of());
    }
}
