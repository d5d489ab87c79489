package org.imgate.search.lucene;

import java.io.IOException;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.imgate.search.Snippet;

/**
 * Picks the best sentence of each hit's body and marks the words the query matched, as a
 * {@link Snippet} rather than markup so that every front end renders it its own way. Uses the offsets
 * stored in the body's postings. One instance serves one search on one searcher; not thread-safe.
 */
final class SnippetHighlighter extends UnifiedHighlighter {

    private static final String[] FIELDS = {IndexFields.BODY};

    SnippetHighlighter(IndexSearcher searcher, Analyzer analyzer) {
        super(UnifiedHighlighter.builder(searcher, analyzer)
                .withFormatter(new SnippetFormatter())
                .withBreakIterator(() -> BreakIterator.getSentenceInstance(Locale.ROOT))
                .withMaxNoHighlightPassages(1));
    }

    /** One snippet per document, {@code null} where the document has no body. */
    Snippet[] snippets(Query query, int[] docIds) throws IOException {
        int[] maxPassages = {1};
        Object[] found = highlightFieldsAsObjects(FIELDS, query, docIds, maxPassages).get(IndexFields.BODY);
        Snippet[] snippets = new Snippet[docIds.length];
        for (int i = 0; i < docIds.length; i++) {
            snippets[i] = found == null ? null : (Snippet) found[i];
        }
        return snippets;
    }

    /** Turns the highlighter's best passage into a {@link Snippet}, merging overlapping matches. */
    private static final class SnippetFormatter extends PassageFormatter {
        @Override
        public Object format(Passage[] passages, String content) {
            if (passages.length == 0) {
                return null;
            }
            Passage best = passages[0];
            int base = best.getStartOffset();
            String text = content.substring(base, best.getEndOffset());
            List<Snippet.Span> spans = new ArrayList<>();
            int lastEnd = -1;
            for (int i = 0; i < best.getNumMatches(); i++) {
                int start = Math.max(best.getMatchStarts()[i] - base, 0);
                int end = Math.min(best.getMatchEnds()[i] - base, text.length());
                if (end <= start) {
                    continue;
                }
                if (start <= lastEnd && !spans.isEmpty()) {
                    Snippet.Span previous = spans.remove(spans.size() - 1);
                    start = previous.start();
                    end = Math.max(end, previous.end());
                }
                spans.add(new Snippet.Span(start, end));
                lastEnd = end;
            }
            String trimmed = text.stripTrailing();
            final int limit = trimmed.length();
            List<Snippet.Span> inside = spans.stream()
                    .filter(s -> s.end() <= limit).toList();
            return new Snippet(trimmed, inside);
        }
    }
}
