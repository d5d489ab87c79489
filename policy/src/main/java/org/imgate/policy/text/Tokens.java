package org.imgate.policy.text;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How policy text is cut into words and made comparable. A word is a run of letters, digits and
 * combining marks (so {@code cafe\u0301} stays one word); everything else (spaces, punctuation,
 * symbols, underscores) separates words. Han, Hiragana and Katakana are written without spaces, so
 * each of their characters is a word of its own and a keyword in those scripts matches as a phrase
 * of characters. Words are compared after NFKC normalisation (full-width and ligature forms become
 * their plain letters) and case folding in the root locale ({@code STRASSE} matches {@code straße}).
 *
 * <p>Stateless and thread-safe.
 */
public final class Tokens {
    private Tokens() {
    }

    /** Whether {@code codePoint} belongs to a word. */
    static boolean isWordChar(int codePoint) {
        if (Character.isLetterOrDigit(codePoint)) {
            return true;
        }
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }

    /** Whether {@code codePoint} is a word by itself because its script is written without spaces. */
    static boolean standsAlone(int codePoint) {
        if (codePoint < 0x2E80) {
            return false;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA;
    }

    /** The end (exclusive) of the word that starts at {@code start}, which must be a word character. */
    static int wordEnd(CharSequence text, int start) {
        int first = Character.codePointAt(text, start);
        int i = start + Character.charCount(first);
        if (standsAlone(first)) {
            return i;
        }
        int n = text.length();
        while (i < n) {
            int cp = Character.codePointAt(text, i);
            if (!isWordChar(cp) || standsAlone(cp)) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    /** The comparable form of one word. */
    public static String fold(String word) {
        String normalized = Normalizer.normalize(word, Normalizer.Form.NFKC);
        // Upper then lower folds the characters whose lower case alone is not canonical (ß, final sigma).
        return normalized.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    /** The folded words of {@code text}, in order; empty when it holds no word at all. */
    public static List<String> of(CharSequence text) {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            int cp = Character.codePointAt(text, i);
            if (!isWordChar(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int end = wordEnd(text, i);
            words.add(fold(text.subSequence(i, end).toString()));
            i = end;
        }
        return words;
    }
}
