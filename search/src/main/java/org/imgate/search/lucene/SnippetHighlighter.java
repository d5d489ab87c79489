package org.imgate.search.lucene;

import java.io.IOException;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.util.automaton.ByteRunAutomaton;
import org.imgate.search.Snippet;

/**
 * Picks the best sentence of each hit's body and marks the words the query matched, as a
 * {@link Snippet} rather than markup so that every front end renders it its own way. It re-analyses the
 * bodies the caller already read from the stored fields: for the page of hits shown this is cheaper than
 * keeping offsets in the postings of every record, and it reads no stored field a second time.
 * One instance serves one search on one searcher; not thread-safe.
 */
final class SnippetHighlighter extends UnifiedHighlighter {

    private static final String[] FIELDS = {IndexFields.BODY};

    private Map<Integer, String> bodies = Map.of();

    private SnippetHighlighter(IndexSearcher searcher, Analyzer analyzer, boolean wholePhrases) {
        super(UnifiedHighlighter.builder(searcher, analyzer)
                .withFormatter(new SnippetFormatter())
                .withBreakIterator(() -> BreakIterator.getSentenceInstance(Locale.ROOT))
                .withMaxNoHighlightPassages(1)
                .withWeightMatches(wholePhrases));
    }

    /**
     * A highlighter for one query. A phrase is marked as one span, which needs the query's own matching
     * on an in-memory index of each body; words and wildcards alone are marked by scanning the
     * re-analysed words, which is several times cheaper and marks the same words.
     */
    static SnippetHighlighter forQuery(IndexSearcher searcher, Analyzer analyzer, Query query) {
        return new SnippetHighlighter(searcher, analyzer, positionSensitive(query));
    }

    /** Whether the query matches body words by their positions (phrases, or anything not a plain word or pattern). */
    static boolean positionSensitive(Query query) {
        boolean[] found = {false};
        query.visit(new QueryVisitor() {
            @Override
            public boolean acceptField(String field) {
                return IndexFields.BODY.equals(field);
            }

            @Override
            public void consumeTerms(Query leaf, Term... terms) {
                if (leaf instanceof PhraseQuery || leaf instanceof MultiPhraseQuery) {
                    found[0] = true;
                }
            }

            @Override
            public void consumeTermsMatching(Query leaf, String field, Supplier<ByteRunAutomaton> automaton) {
                // a wildcard, prefix, fuzzy or regular expression matches single words
            }

            @Override
            public void visitLeaf(Query leaf) {
                if (!(leaf instanceof MatchAllDocsQuery || leaf instanceof MatchNoDocsQuery)) {
                    found[0] = true;
                }
            }

            @Override
            public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
                return this;
            }
        });
        return found[0];
    }

    /**
     * One snippet per document, {@code null} where the document has no body.
     *
     * @param bodies each document's stored body, {@code null} where it has none, at the positions of {@code docIds}
     */
    Snippet[] snippets(Query query, int[] docIds, String[] bodies) throws IOException {
        Map<Integer, String> byDoc = new HashMap<>();
        for (int i = 0; i < docIds.length; i++) {
            if (bodies[i] != null) {
                byDoc.put(docIds[i], bodies[i]);
            }
        }
        this.bodies = byDoc;
        int[] maxPassages = {1};
        Object[] found = highlightFieldsAsObjects(FIELDS, query, docIds, maxPassages).get(IndexFields.BODY);
        Snippet[] snippets = new Snippet[docIds.length];
        for (int i = 0; i < docIds.length; i++) {
            snippets[i] = found == null ? null : (Snippet) found[i];
        }
        return snippets;
    }

    @Override
    protected OffsetSource getOffsetSource(String field) {
        return OffsetSource.ANALYSIS;
    }

    /** The bodies handed to {@link #snippets}, instead of reading each document's stored fields again. */
    @Override
    protected List<CharSequence[]> loadFieldValues(String[] fields, DocIdSetIterator docIter, int cacheCharsThreshold)
            throws IOException {
        List<CharSequence[]> values = new ArrayList<>();
        for (int doc = docIter.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docIter.nextDoc()) {
            CharSequence[] perField = new CharSequence[fields.length];
            for (int f = 0; f < fields.length; f++) {
                String body = IndexFields.BODY.equals(fields[f]) ? bodies.get(doc) : null;
                perField[f] = body == null ? "" : body;
            }
            values.add(perField);
        }
        return values;
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
