package org.imgate.policy.rule;

import org.imgate.policy.text.Tokens;
import org.imgate.policy.yaml.YamlValueException;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A {@code kind: keywords} rule as written: blocked or flagged words and phrases in message bodies
 * and offered file names. Matching is case-insensitive and by whole words (see
 * {@link org.imgate.policy.text.Tokens}); a phrase matches across any whitespace and punctuation
 * between its words. An entry under {@code words} that is really several words ({@code e-mail},
 * a Japanese term) is matched as a phrase.
 *
 * @param id      the rule id
 * @param scope   which events it looks at; default all messages and file offers
 * @param words   single words; with {@code phrases}, at least one entry overall
 * @param phrases sequences of words
 * @param action  {@code block} (with a notice), {@code redact} (message bodies only) or {@code flag}
 * @param notice  what a blocked sender is told
 * @param mask    what replaces each redacted occurrence (only with {@code redact}; default
 *                {@value #DEFAULT_MASK})
 */
public record KeywordsRuleSpec(String id, Scope scope, List<String> words, List<String> phrases, Action action,
                               String notice, String mask) implements RuleSpec {
    public static final String KIND = "keywords";
    public static final String DEFAULT_MASK = "[redacted]";
    static final Set<EventKind> JUDGED = Set.copyOf(EnumSet.of(EventKind.MESSAGE, EventKind.FILE_OFFER));
    /** A file name cannot be delivered with words missing, so redaction judges message bodies only. */
    static final Set<EventKind> REDACTED = Set.of(EventKind.MESSAGE);
    private static final Set<Action> ACTIONS = Set.copyOf(EnumSet.of(Action.BLOCK, Action.REDACT, Action.FLAG));

    public KeywordsRuleSpec {
        id = SpecChecks.id(id);
        scope = SpecChecks.scope(scope, KIND, JUDGED);
        words = wordful(SpecChecks.entries(words, "words"), "words");
        phrases = wordful(SpecChecks.entries(phrases, "phrases"), "phrases");
        if (words.isEmpty() && phrases.isEmpty()) {
            throw new YamlValueException("words",
                    "a keywords rule needs at least one entry under 'words' or 'phrases'");
        }
        action = SpecChecks.action(action, KIND, ACTIONS);
        notice = SpecChecks.notice(notice, action);
        if (action == Action.REDACT) {
            scope = SpecChecks.scope(scope, KIND + " redact", REDACTED);
            mask = mask == null ? DEFAULT_MASK : mask;
            if (mask.isBlank()) {
                throw new YamlValueException("mask", "give the text that replaces a redacted occurrence, e.g. "
                        + DEFAULT_MASK);
            }
        } else if (mask != null) {
            throw new YamlValueException("mask", "only action 'redact' masks words; '" + action + "' does not");
        }
    }

    private static List<String> wordful(List<String> entries, String key) {
        for (int i = 0; i < entries.size(); i++) {
            if (Tokens.of(entries.get(i)).isEmpty()) {
                throw new YamlValueException(key + "[" + i + "]", "'" + entries.get(i)
                        + "' contains no letter or digit, so it can never match");
            }
        }
        return entries;
    }

    /** Words then phrases, in file order: the order in which a match is reported. */
    List<String> terms() {
        List<String> terms = new ArrayList<>(words.size() + phrases.size());
        terms.addAll(words);
        terms.addAll(phrases);
        return terms;
    }

    @Override
    public Rule compile() {
        return new KeywordRule(this);
    }
}
