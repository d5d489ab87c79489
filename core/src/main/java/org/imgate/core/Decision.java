package org.imgate.core;

import java.util.List;
import java.util.Objects;

/**
 * An event together with the verdict policy reached on it and the ids of the rules that matched, in
 * evaluation order. This is the unit the archive keeps. Immutable.
 */
public record Decision(ImEvent event, Verdict verdict, List<String> matchedRules) {
    public Decision {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(verdict, "verdict");
        matchedRules = List.copyOf(matchedRules);
    }

    public static Decision allowed(ImEvent event) {
        return new Decision(event, Verdict.allow(), List.of());
    }
}
