package org.imgate.policy;

import org.imgate.core.Verdict;

import java.util.List;
import java.util.Objects;

/**
 * What the policy engine concluded about one event: the combined verdict and the ids of every rule
 * that matched, in evaluation (file) order. Immutable.
 */
public record Evaluation(Verdict verdict, List<String> matchedRules) {
    private static final Evaluation NOTHING_MATCHED = new Evaluation(Verdict.allow(), List.of());

    public Evaluation {
        Objects.requireNonNull(verdict, "verdict");
        matchedRules = List.copyOf(matchedRules);
    }

    /** No rule matched: allow. */
    public static Evaluation nothingMatched() {
        return NOTHING_MATCHED;
    }
}
