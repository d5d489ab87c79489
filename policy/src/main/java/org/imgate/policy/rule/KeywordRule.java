package org.imgate.policy.rule;

import org.imgate.core.ImEvent;
import org.imgate.core.Verdict;
import org.imgate.policy.text.KeywordMatcher;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The compiled form of {@link KeywordsRuleSpec}: judges a message's body and a file offer's file
 * name. Verdicts are built once, so a match allocates nothing. Immutable; thread-safe.
 */
final class KeywordRule implements Rule {
    private final String id;
    private final Scope scope;
    private final KeywordMatcher matcher;
    /** One prepared verdict per term: a flag names the term it found, a block shows the rule's notice. */
    private final List<Optional<Verdict>> verdicts;

    KeywordRule(KeywordsRuleSpec spec) {
        this.id = spec.id();
        this.scope = spec.scope();
        List<String> terms = spec.terms();
        this.matcher = KeywordMatcher.of(terms);
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
        return KeywordsRuleSpec.JUDGED;
    }

    @Override
    public Optional<Verdict> judge(ImEvent event) {
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
