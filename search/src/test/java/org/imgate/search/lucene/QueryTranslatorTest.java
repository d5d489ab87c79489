package org.imgate.search.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.imgate.search.InvalidQueryException;
import org.junit.jupiter.api.Test;

/** Malformed queries get a message in the user's terms and the column of the problem. */
class QueryTranslatorTest {

    private final QueryTranslator translator = new QueryTranslator(Analyzers.create(), ZoneOffset.UTC);

    private InvalidQueryException rejected(String query) {
        return assertThrows(InvalidQueryException.class, () -> translator.translate(query));
    }

    private static void assertProblem(InvalidQueryException e, int column, String contains) {
        assertEquals(column, e.column(), e::getMessage);
        assertTrue(e.getMessage().startsWith("query error at column " + column + ": "), e::getMessage);
        assertTrue(e.problem().contains(contains), () -> e.problem() + " should contain " + contains);
    }

    @Test
    void unknownFilterListsTheKnownOnes() {
        InvalidQueryException e = rejected("merger AND form:alice");
        assertProblem(e, 12, "unknown filter 'form:'");
        assertTrue(e.problem().contains("(filters: from, to, with, network, conversation"), e::problem);
        assertEquals("merger AND form:alice\n           ^".replace("\n", System.lineSeparator()), e.caret());
    }

    @Test
    void unknownFilterInsideParenthesesAndWithPhrase() {
        assertProblem(rejected("(merger OR subjct:\"q3 plan\")"), 12, "unknown filter 'subjct:'");
    }

    @Test
    void operatorWithoutItsWord() {
        assertProblem(rejected("merger AND"), 11, "ends too early after 'AND'");
    }

    @Test
    void unclosedParenthesis() {
        assertProblem(rejected("(merger OR noon"), 16, "parenthesis or range left open");
    }

    @Test
    void strayClosingParenthesis() {
        assertProblem(rejected("merger) noon"), 7, "unexpected ')' (there is no '(' to close)");
    }

    @Test
    void unclosedQuote() {
        assertProblem(rejected("merger \"q3 plan"), 8, "this quote is never closed");
    }

    @Test
    void badDateNamesTheAcceptedForms() {
        InvalidQueryException e = rejected("merger after:2003-13-45");
        assertProblem(e, 14, "after: '2003-13-45' is not a date");
        assertTrue(e.problem().contains("2003-09-18, 2003-09, 2003"), e::problem);
    }

    @Test
    void badDateInRange() {
        assertProblem(rejected("date:[2003-09-01 TO soon]"), 21, "date: 'soon' is not a date");
    }

    @Test
    void unknownChoiceListsTheChoices() {
        assertProblem(rejected("network:aim"), 9, "unknown network 'aim' (network: msn, xmpp)");
        assertProblem(rejected("action:deny"), 8, "(action: allow, notify, flag, redact, block, end-session)");
        assertProblem(rejected("kind:mail"), 6, "kind: message, file-offer");
    }

    @Test
    void filtersThatTakeNoRangesOrWildcards() {
        assertProblem(rejected("network:[a TO z]"), 1, "network: does not take ranges");
        assertProblem(rejected("after:[2003 TO 2004]"), 1, "write a date range as date:[2003-09-01 TO 2003-10-15]");
        assertProblem(rejected("action:bl*"), 8, "action: does not take wildcards");
    }

    @Test
    void leadingWildcardOnWordsIsRefused() {
        assertProblem(rejected("merger *plan"), 8, "a word may not start with * or ?");
    }

    @Test
    void sequenceNumbersMustBeNumbers() {
        assertProblem(rejected("seq:abc"), 5, "seq: 'abc' is not a whole number");
    }

    @Test
    void oversizedQueriesAreRefused() {
        assertProblem(rejected("merger ".repeat(2000)), 10_001, "the query is longer than 10000 characters");
        assertProblem(rejected("w ".repeat(2000)), 1, "the query has too many words and filters");
    }

    @Test
    void blankQueryMatchesEverything() throws Exception {
        assertEquals(new MatchAllDocsQuery(), translator.translate("  "));
    }

    @Test
    void filterNamesIgnoreCase() throws Exception {
        assertEquals(translator.translate("from:alice"), translator.translate("FROM:alice"));
    }
}
