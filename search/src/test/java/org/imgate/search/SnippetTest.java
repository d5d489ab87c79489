package org.imgate.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SnippetTest {

    @Test
    void rendersEachHighlightWithTheGivenMarks() {
        Snippet s = new Snippet("the merger closes", List.of(new Snippet.Span(4, 10), new Snippet.Span(11, 17)));
        assertEquals("the <b>merger</b> <b>closes</b>", s.render("<b>", "</b>"));
        assertEquals("the merger closes", new Snippet("the merger closes", List.of()).render("[", "]"));
    }

    @Test
    void highlightsMustLieInsideTheText() {
        assertThrows(IllegalArgumentException.class, () -> new Snippet("abc", List.of(new Snippet.Span(1, 4))));
    }
}
