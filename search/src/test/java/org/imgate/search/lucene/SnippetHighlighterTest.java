package org.imgate.search.lucene;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * Which queries need the costlier phrase-aware highlighting: the snippets themselves are checked by
 * {@code SearchBackendContract#snippetsMarkTheMatchedWords}.
 */
class SnippetHighlighterTest {

    private final QueryTranslator translator = new QueryTranslator(Analyzers.create(), ZoneOffset.UTC);

    private boolean positional(String query) throws Exception {
        return SnippetHighlighter.positionSensitive(translator.translate(query));
    }

    @Test
    void wordsPatternsAndFiltersAreMarkedWordByWord() throws Exception {
        assertFalse(positional("merger numbers"));
        assertFalse(positional("acqui* OR conf?dential -lunch"));
        assertFalse(positional("from:alice merger after:2003-09-01 before:2003-10-15"));
        assertFalse(positional("rule:spim"));
        assertFalse(positional(""));
        // a quoted filter value is a keyword, not a phrase of the body
        assertFalse(positional("client:\"msn messenger\" merger"));
    }

    @Test
    void phrasesAnywhereInTheQueryAreMarkedWhole() throws Exception {
        assertTrue(positional("\"merger quiet\""));
        assertTrue(positional("from:alice (lunch OR \"keep it quiet\")"));
        assertTrue(positional("body:\"merger quiet\" -spam"));
    }
}
