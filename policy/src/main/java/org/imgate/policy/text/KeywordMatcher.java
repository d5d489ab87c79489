package org.imgate.policy.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds whole words and phrases in text. Each term is cut into words by {@link Tokens}; a text
 * matches a term when the term's words occur consecutively among the text's words, so a phrase
 * matches across any run of spaces, line breaks and punctuation, and a word never matches inside
 * another ({@code ass} does not match {@code class}). Cost per text is linear in its length and
 * independent of the number of terms: each word is looked up once in a hash table and drives one
 * step of an Aho-Corasick automaton over words. ASCII words are folded into a reused buffer; only
 * words with other characters allocate (for NFKC normalisation).
 *
 * <p>Immutable once built; thread-safe.
 */
public final class KeywordMatcher {
    /** Returned by {@link #firstMatch} when no term occurs. */
    public static final int NONE = WordAutomaton.NO_MATCH;

    private final TokenTable table;
    private final WordAutomaton automaton;
    private final int longestWord;
    /** Each term's length in words, to find where a match that ends at a word began. */
    private final int[] termWords;

    private KeywordMatcher(TokenTable table, WordAutomaton automaton, int longestWord, int[] termWords) {
        this.table = table;
        this.automaton = automaton;
        this.longestWord = longestWord;
        this.termWords = termWords;
    }

    /**
     * Builds a matcher for {@code terms}.
     *
     * @throws IllegalArgumentException if a term contains no word
     */
    public static KeywordMatcher of(List<String> terms) {
        Map<String, Integer> ids = new HashMap<>();
        List<int[]> patterns = new ArrayList<>(terms.size());
        int longest = 0;
        for (String term : terms) {
            List<String> words = Tokens.of(term);
            if (words.isEmpty()) {
                throw new IllegalArgumentException("'" + term + "' contains no word to match");
            }
            int[] pattern = new int[words.size()];
            for (int i = 0; i < pattern.length; i++) {
                pattern[i] = ids.computeIfAbsent(words.get(i), w -> ids.size());
                longest = Math.max(longest, words.get(i).length());
            }
            patterns.add(pattern);
        }
        return new KeywordMatcher(new TokenTable(ids), new WordAutomaton(patterns), longest,
                patterns.stream().mapToInt(p -> p.length).toArray());
    }

    /** The index (in the list given to {@link #of}) of a term that occurs in {@code text}, or {@link #NONE}. */
    public int firstMatch(CharSequence text) {
        // a lambda that captures nothing is one shared instance: the hot path stays allocation-free
        return scan(text, (start, end, match) -> match != NONE);
    }

    /**
     * {@code text} with every occurrence of every term replaced by {@code mask}, or {@code null} when no
     * term occurs. Overlapping occurrences become one mask; the text around occurrences is kept as
     * written, so the reader still sees the sentence the hidden words were in.
     */
    public String redact(CharSequence text, String mask) {
        int longestTerm = Arrays.stream(termWords).max().orElse(1);
        // where the most recent words started, as a ring: a match of k words began k - 1 words back
        int[] recentStarts = new int[longestTerm];
        int[] wordsSeen = {0};
        List<int[]> spans = new ArrayList<>();
        scan(text, (start, end, match) -> {
            recentStarts[wordsSeen[0]++ % longestTerm] = start;
            if (match != NONE) {
                // the automaton reports the longest term ending here, so its span covers every shorter one
                spans.add(new int[] {recentStarts[(wordsSeen[0] - termWords[match]) % longestTerm], end});
            }
            return false;
        });
        if (spans.isEmpty()) {
            return null;
        }
        // a long term can end after, yet begin before, a shorter one found earlier
        spans.sort(Comparator.comparingInt(span -> span[0]));
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        int k = 0;
        while (k < spans.size()) {
            int start = spans.get(k)[0];
            int end = spans.get(k)[1];
            for (k++; k < spans.size() && spans.get(k)[0] <= end; k++) {
                end = Math.max(end, spans.get(k)[1]);
            }
            out.append(text, copied, start).append(mask);
            copied = end;
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** Sees each word of a text with the term that ends at it, if any; {@code true} stops the scan. */
    @FunctionalInterface
    private interface WordVisitor {
        boolean visit(int wordStart, int wordEnd, int match);
    }

    /** Feeds {@code text}'s words to the automaton; returns the match the visitor stopped at, or {@link #NONE}. */
    private int scan(CharSequence text, WordVisitor visitor) {
        // A word longer than every term's word cannot match; the buffer only has to hold candidates.
        char[] buffer = new char[longestWord];
        int state = WordAutomaton.ROOT;
        int i = 0;
        int n = text.length();
        while (i < n) {
            int cp = Character.codePointAt(text, i);
            if (!Tokens.isWordChar(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int end = Tokens.wordEnd(text, i);
            state = automaton.step(state, wordId(text, i, end, buffer));
            int match = automaton.output(state);
            if (visitor.visit(i, end, match)) {
                return match;
            }
            i = end;
        }
        return NONE;
    }

    private int wordId(CharSequence text, int start, int end, char[] buffer) {
        int length = end - start;
        boolean ascii = true;
        for (int i = start; i < end && ascii; i++) {
            ascii = text.charAt(i) < 0x80;
        }
        if (!ascii) {
            return table.idOf(Tokens.fold(text.subSequence(start, end).toString()));
        }
        if (length > buffer.length) {
            return TokenTable.ABSENT;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(start + i);
            buffer[i] = c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
        }
        return table.idOf(buffer, length);
    }
}
