package org.imgate.policy;

import org.imgate.core.ImEvent;
import org.imgate.core.Verdict;
import org.imgate.policy.rule.EventKind;
import org.imgate.policy.rule.RedactingRule;
import org.imgate.policy.rule.Rule;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates events against a policy's rules in file order and combines the matches (see
 * {@link Severity}: the most severe verdict wins, ties go to the earlier rule, every matching id is
 * recorded). Rules are sorted by event kind once, so an event only meets the rules that can judge it.
 *
 * <p>Immutable once built; thread-safe. Evaluation does no I/O.
 */
public final class PolicyEngine {
    private final String version;
    private final Notices notices;
    private final List<Rule> rules;
    private final Map<EventKind, Rule[]> rulesByKind = new EnumMap<>(EventKind.class);

    /**
     * @param version the policy's version as written in its file, recorded with decisions
     * @param rules   compiled rules in evaluation order; ids must be unique
     */
    public PolicyEngine(String version, Notices notices, List<Rule> rules) {
        this.version = Objects.requireNonNull(version, "version");
        this.notices = Objects.requireNonNull(notices, "notices");
        this.rules = List.copyOf(rules);
        Set<String> ids = new HashSet<>();
        for (Rule rule : this.rules) {
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("duplicate rule id '" + rule.id() + "'");
            }
        }
        for (EventKind kind : EventKind.values()) {
            rulesByKind.put(kind, this.rules.stream()
                    .filter(rule -> rule.judges().contains(kind) && rule.scope().events().contains(kind))
                    .toArray(Rule[]::new));
        }
    }

    /** Judges {@code event}; no rule matching means {@link Verdict#allow()}. */
    public Evaluation evaluate(ImEvent event) {
        EventKind kind = EventKind.of(event);
        Verdict verdict = null;
        int severity = -1;
        List<String> matched = null;
        for (Rule rule : rulesByKind.get(kind)) {
            if (!rule.scope().covers(event, kind)) {
                continue;
            }
            Optional<Verdict> outcome = rule.judge(event);
            if (outcome.isEmpty()) {
                continue;
            }
            if (matched == null) {
                matched = new ArrayList<>(2);
            }
            matched.add(rule.id());
            int s = Severity.of(outcome.get());
            if (s > severity) {
                severity = s;
                verdict = outcome.get();
            }
        }
        if (matched == null) {
            return Evaluation.nothingMatched();
        }
        if (verdict instanceof Verdict.Redact && matched.size() > 1 && event instanceof ImEvent.Message message) {
            verdict = redactedByEveryRule(message, kind);
        }
        return new Evaluation(verdict, matched);
    }

    /** The body with the matches of every redacting rule masked, in file order. */
    private Verdict redactedByEveryRule(ImEvent.Message message, EventKind kind) {
        String body = message.body();
        for (Rule rule : rulesByKind.get(kind)) {
            if (rule instanceof RedactingRule redacting && redacting.redacts()
                    && rule.scope().covers(message, kind)) {
                String masked = redacting.redact(body);
                body = masked == null ? body : masked;
            }
        }
        return new Verdict.Redact(body);
    }

    /** The policy's version string, as written in its file. */
    public String version() {
        return version;
    }

    /** The texts imgate shows users on its own behalf. */
    public Notices notices() {
        return notices;
    }

    /** The rules in evaluation order. */
    public List<Rule> rules() {
        return rules;
    }
}
