package org.imgate.policy.rule;

import org.imgate.core.ImEvent;
import org.imgate.core.Verdict;
import org.imgate.policy.text.KeywordMatcher;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The compiled form of {@link KeywordsRuleSpec}: judges a message's body and a file offer's file
 * name. Block and flag verdicts are built once, so a match allocates nothing; a redaction builds the
 * masked body. Immutable; thread-safe.
 */
final class KeywordRule implements Rule, RedactingRule {
    private final String id;
    private final Scope scope;
    private final KeywordMatcher matcher;
    /** The mask of a redact rule, null for the other actions. */
    private final String mask;
    /** One prepared verdict per term: a flag names the term it found, a block shows the rule's notice. */
    private final List<Optional<Verdict>> verdicts;

    KeywordRule(KeywordsRuleSpec spec) {
        this.id = spec.id();
        this.scope = spec.scope();
        List<String> terms = spec.terms();
        this.matcher = KeywordMatcher.of(terms);
        this.mask = spec.action() == Action.REDACT ? spec.mask() : null;
        Optional<Verdict> block = spec.action() == Action.BLOCK
                ? Optional.of(new Verdict.Block(spec.notice())) : Optional.empty();
        this.verdicts = terms.stream()
                .map(term -> block.isPresent() ? block
                        : Optional.<Verdict>of(new Verdict.Flag(id + ": matched '" + term + "'")))
                .toList();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Scope scope() {
        return scope;
    }

    @Override
    public Set<EventKind> judges() {
        return mask != null ? KeywordsRuleSpec.REDACTED : KeywordsRuleSpec.JUDGED;
    }

    @Override
    public boolean redacts() {
        return mask != null;
    }

    @Override
    public String redact(String text) {
        return mask == null ? null : matcher.redact(text, mask);
    }

    @Override
    public Optional<Verdict> judge(ImEvent event) {
        if (mask != null) {
            String redacted = event instanceof ImEvent.Message message ? redact(message.body()) : null;
            return redacted == null ? Optional.empty() : Optional.of(new Verdict.Redact(redacted));
        }
        String text;
        if (event instanceof ImEvent.Message message) {
            text = message.body();
        } else if (event instanceof ImEvent.FileOffer offer) {
            text = offer.fileName();
        } else {
            return Optional.empty();
        }
        int match = matcher.firstMatch(text);
        return match == KeywordMatcher.NONE ? Optional.empty() : verdicts.get(match);
    }

    @Override
    public String toString() {
        return "keywords rule " + id;
    }
}
