package org.imgate.policy.text;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KeywordMatcherTest {

    private static int match(List<String> terms, String text) {
        return KeywordMatcher.of(terms).firstMatch(text);
    }

    @Test
    void wordsMatchWholeWordsOnlyIgnoringCase() {
        List<String> terms = List.of("ass");
        assertEquals(KeywordMatcher.NONE, match(terms, "first class passenger, assessment"));
        assertEquals(0, match(terms, "what an ASS."));
        assertEquals(0, match(terms, "(ass)"));
        assertEquals(0, match(terms, "ass"));
        assertEquals(KeywordMatcher.NONE, match(terms, "ass2"), "a digit continues the word");
    }

    @Test
    void phrasesMatchAcrossWhitespaceAndPunctuation() {
        List<String> terms = List.of("guaranteed returns");
        assertEquals(0, match(terms, "We offer Guaranteed...   returns!"));
        assertEquals(0, match(terms, "guaranteed\n\t--returns"));
        assertEquals(KeywordMatcher.NONE, match(terms, "guaranteed high returns"));
        assertEquals(KeywordMatcher.NONE, match(terms, "unguaranteed returns"));
        assertEquals(KeywordMatcher.NONE, match(terms, "guaranteed returnsx"));
    }

    @Test
    void reportsTheTermThatMatchedByItsIndex() {
        List<String> terms = List.of("alpha", "beta gamma", "delta");
        assertEquals(1, match(terms, "x beta, gamma y"));
        assertEquals(2, match(terms, "delta"));
    }

    @Test
    void overlappingPhrasesAreFoundThroughFailureLinks() {
        // While reading "a b c" the automaton is deep in the first phrase when "d" arrives.
        List<String> terms = List.of("a b c e", "b c d", "c d f");
        assertEquals(1, match(terms, "a b c d"));
        assertEquals(2, match(terms, "a b c d f".replace("b c d", "b c x c d")));
        assertEquals(KeywordMatcher.NONE, match(terms, "a b c x"));
        assertEquals(0, match(List.of("go go go"), "go go go go"));
        assertEquals(0, match(List.of("go go go"), "go go, go"));
        assertEquals(KeywordMatcher.NONE, match(List.of("go go go"), "go go stop go"));
    }

    @Test
    void unicodeCaseAndCompatibilityFormsFold() {
        assertEquals(0, match(List.of("straße"), "Wir treffen uns in der STRASSE"));
        assertEquals(0, match(List.of("STRASSE"), "die straße"));
        assertEquals(0, match(List.of("ΣΟΦΟΣ"), "ένας σοφος άνθρωπος"));
        assertEquals(0, match(List.of("σοφός"), "ΣΟΦΌΣ"));
        assertEquals(0, match(List.of("insider"), "ＩＮＳＩＤＥＲ trading"), "full-width letters");
        assertEquals(0, match(List.of("finance"), "ﬁnance"), "ligature");
        assertEquals(0, match(List.of("café"), "un cafe\u0301 noir"), "combining accent keeps the word whole");
        assertEquals(KeywordMatcher.NONE, match(List.of("cafe"), "un café noir"), "accents are not ignored");
        assertEquals(0, match(List.of("проект"), "Наш ПРОЕКТ закрыт"));
    }

    @Test
    void scriptsWithoutSpacesMatchAsCharacterPhrases() {
        assertEquals(0, match(List.of("内幕"), "这是内幕消息"));
        assertEquals(KeywordMatcher.NONE, match(List.of("内幕"), "内部消息"));
        assertEquals(0, match(List.of("インサイダー"), "これはインサイダー取引です"));
    }

    @Test
    void costDoesNotDependOnTheNumberOfKeywords() {
        List<String> terms = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            terms.add("secret" + i);
            terms.add("project code " + i);
        }
        KeywordMatcher matcher = KeywordMatcher.of(terms);
        assertEquals(terms.indexOf("project code 4321"), matcher.firstMatch("the Project-Code 4321 is live"));
        assertEquals(terms.indexOf("secret77"), matcher.firstMatch("SECRET77"));
        assertEquals(KeywordMatcher.NONE, matcher.firstMatch("project code 99999 secret"));
    }

    @Test
    void longWordsAndEmptyTextDoNotMatch() {
        KeywordMatcher matcher = KeywordMatcher.of(List.of("ab"));
        assertEquals(KeywordMatcher.NONE, matcher.firstMatch(""));
        assertEquals(KeywordMatcher.NONE, matcher.firstMatch("abababababababababab"));
        assertEquals(KeywordMatcher.NONE, matcher.firstMatch("!!! ??? ..."));
        assertEquals(0, matcher.firstMatch("\uD83D\uDE00ab\uD83D\uDE00"), "emoji separate words");
    }

    @Test
    void aTermWithoutWordsIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeywordMatcher.of(List.of("ok", "?!")));
        assertEquals("'?!' contains no word to match", e.getMessage());
    }

    @Test
    void redactionMasksEveryOccurrenceAndKeepsTheRest() {
        KeywordMatcher matcher = KeywordMatcher.of(List.of("nightingale", "merger talks"));
        assertEquals("Re [X]: the [X] start Monday; [X]!",
                matcher.redact("Re Nightingale: the merger   talks start Monday; NIGHTINGALE!", "[X]"));
        assertEquals(null, matcher.redact("nothing to hide in nightingales", "[X]"),
                "a word inside another is not an occurrence");
    }

    @Test
    void redactionCoversALongTermThatBeganBeforeAShorterOneFoundEarlier() {
        KeywordMatcher matcher = KeywordMatcher.of(List.of("b", "d", "a b c d e"));
        assertEquals("<[X]> and [X]", matcher.redact("<a b c d e> and d", "[X]"));
        assertEquals("x [X] y [X] z", matcher.redact("x b y d z", "[X]"));
    }

    @Test
    void redactionHandlesWordsOutsideAscii() {
        KeywordMatcher matcher = KeywordMatcher.of(List.of("café crème"));
        assertEquals("un [X], merci", matcher.redact("un CAFÉ  Crème, merci", "[X]"));
    }
}
