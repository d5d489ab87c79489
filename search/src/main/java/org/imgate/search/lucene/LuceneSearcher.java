package org.imgate.search.lucene;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.util.BytesRef;
import org.imgate.search.ArchiveSearcher;
import org.imgate.search.Facets;
import org.imgate.search.Hit;
import org.imgate.search.InvalidQueryException;
import org.imgate.search.PageCursor;
import org.imgate.search.SearchPage;
import org.imgate.search.SearchRequest;
import org.imgate.search.SortOrder;
import org.imgate.search.Snippet;

/**
 * Runs searches against the index through a {@link SearcherManager}, so every search sees the latest
 * refreshed reader and no search opens one of its own. Paging uses search-after on (time, record id),
 * which needs no memory for the pages already read; newest-first searches use the index's own time
 * order and stop early. Thread-safe.
 */
final class LuceneSearcher implements ArchiveSearcher {

    // records of the same millisecond are ordered by node, then journal order: (node, seq) is unique
    private static final SortField NODE_ORDER = new SortField(IndexFields.NODE, SortField.Type.STRING);
    private static final SortField SEQ_ORDER = new SortField(IndexFields.SEQ, SortField.Type.LONG);
    private static final Sort NEWEST_FIRST = new Sort(new SortField(IndexFields.TIME, SortField.Type.LONG, true),
            NODE_ORDER, SEQ_ORDER);
    private static final Sort OLDEST_FIRST = new Sort(new SortField(IndexFields.TIME, SortField.Type.LONG),
            NODE_ORDER, SEQ_ORDER);
    private static final Sort RELEVANCE = new Sort(SortField.FIELD_SCORE,
            new SortField(IndexFields.TIME, SortField.Type.LONG, true), NODE_ORDER, SEQ_ORDER);

    private final SearcherManager searchers;
    private final QueryTranslator translator;
    private final Analyzer analyzer;
    private final FacetCounter facets;

    LuceneSearcher(SearcherManager searchers, QueryTranslator translator, Analyzer analyzer, FacetCounter facets) {
        this.searchers = Objects.requireNonNull(searchers, "searchers");
        this.translator = Objects.requireNonNull(translator, "translator");
        this.analyzer = Objects.requireNonNull(analyzer, "analyzer");
        this.facets = Objects.requireNonNull(facets, "facets");
    }

    /**
     * The index order. It equals the newest-first search order exactly, which is what lets Lucene stop
     * collecting after the first page instead of visiting every match.
     */
    static Sort indexSort() {
        return NEWEST_FIRST;
    }

    @Override
    public SearchPage search(SearchRequest request) throws InvalidQueryException, IOException {
        Query query = translator.translate(request.query());
        try {
            return page(query, request.sort(), request.limit(), request.after(), request.facets(), true);
        } catch (IndexSearcher.TooManyClauses e) {
            throw new InvalidQueryException(request.query(), 1,
                    "the query expands to too many terms; make wildcards more specific");
        }
    }

    @Override
    public void forEach(SearchRequest request, Consumer<Hit> consumer) throws InvalidQueryException, IOException {
        SearchRequest current = new SearchRequest(request.query(), request.sort(), request.limit(), request.after(), false);
        while (true) {
            SearchPage page = search(current);
            page.hits().forEach(consumer);
            if (page.next() == null) {
                return;
            }
            current = current.after(page.next());
        }
    }

    @Override
    public SearchPage conversation(String conversationId, PageCursor after, int limit) throws IOException {
        Objects.requireNonNull(conversationId, "conversation id");
        if (limit < 1 || limit > SearchRequest.MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + SearchRequest.MAX_LIMIT);
        }
        Query query = new TermQuery(new Term(IndexFields.CONVERSATION, DecisionDocuments.lower(conversationId)));
        return page(query, SortOrder.OLDEST_FIRST, limit, after, false, false);
    }

    @Override
    public List<Hit> conversationAround(Hit hit, int before, int after) throws IOException {
        Objects.requireNonNull(hit, "hit");
        if (before < 0 || after < 0 || before > SearchRequest.MAX_LIMIT || after > SearchRequest.MAX_LIMIT) {
            throw new IllegalArgumentException("before and after must be between 0 and " + SearchRequest.MAX_LIMIT);
        }
        if (hit.conversation() == null) {
            return List.of(hit);
        }
        Query query = new TermQuery(new Term(IndexFields.CONVERSATION, DecisionDocuments.lower(hit.conversation())));
        String id = IndexFields.recordId(hit.nodeId(), hit.seq());
        long time = hit.time().toEpochMilli();
        List<Hit> around = new ArrayList<>();
        if (before > 0) {
            List<Hit> earlier = page(query, SortOrder.NEWEST_FIRST, before,
                    new PageCursor(SortOrder.NEWEST_FIRST, time, 0f, id), false, false).hits();
            for (int i = earlier.size() - 1; i >= 0; i--) {
                around.add(earlier.get(i));
            }
        }
        around.add(hit);
        if (after > 0) {
            around.addAll(page(query, SortOrder.OLDEST_FIRST, after,
                    new PageCursor(SortOrder.OLDEST_FIRST, time, 0f, id), false, false).hits());
        }
        return around;
    }

    private SearchPage page(Query query, SortOrder order, int limit, PageCursor after, boolean withFacets,
                            boolean withSnippets) throws IOException {
        if (after != null && after.sort() != order) {
            throw new IllegalArgumentException("the page cursor was made for sort " + after.sort() + ", not " + order);
        }
        IndexSearcher searcher = searchers.acquire();
        try {
            Sort sort = sortFor(order);
            boolean scores = order == SortOrder.RELEVANCE;
            int maxDoc = searcher.getIndexReader().maxDoc();
            if (maxDoc == 0) {
                return new SearchPage(List.of(), 0, true, null, withFacets ? Facets.none() : null);
            }
            TopFieldDocs top = after == null
                    ? searcher.search(query, limit, sort, scores)
                    : (TopFieldDocs) searcher.searchAfter(fieldDoc(after, maxDoc), query, limit, sort, scores);
            ScoreDoc[] docs = top.scoreDocs;
            // each hit's stored record is read once: the snippets are made from the bodies read here
            StoredFields stored = searcher.storedFields();
            Hit[] found = new Hit[docs.length];
            String[] bodies = new String[docs.length];
            for (int i = 0; i < docs.length; i++) {
                found[i] = HitReader.read(stored.document(docs[i].doc));
                bodies[i] = found[i].body();
            }
            Snippet[] snippets = withSnippets && docs.length > 0
                    ? SnippetHighlighter.forQuery(searcher, analyzer, query).snippets(query, docIds(docs), bodies)
                    : new Snippet[docs.length];
            List<Hit> hits = new ArrayList<>(docs.length);
            for (int i = 0; i < docs.length; i++) {
                hits.add(found[i].withSnippet(snippets[i], scores ? docs[i].score : Float.NaN));
            }
            PageCursor next = docs.length == limit ? cursor(order, (FieldDoc) docs[docs.length - 1]) : null;
            Facets counted = withFacets ? facets.count(searcher, query) : null;
            return new SearchPage(hits, top.totalHits.value,
                    top.totalHits.relation == TotalHits.Relation.EQUAL_TO, next, counted);
        } finally {
            searchers.release(searcher);
        }
    }

    private static Sort sortFor(SortOrder order) {
        switch (order) {
            case NEWEST_FIRST:
                return NEWEST_FIRST;
            case OLDEST_FIRST:
                return OLDEST_FIRST;
            case RELEVANCE:
                return RELEVANCE;
            default:
                throw new IllegalArgumentException("unknown sort " + order);
        }
    }

    private static int[] docIds(ScoreDoc[] docs) {
        int[] ids = new int[docs.length];
        for (int i = 0; i < docs.length; i++) {
            ids[i] = docs[i].doc;
        }
        return ids;
    }

    private static PageCursor cursor(SortOrder order, FieldDoc last) {
        Object[] values = last.fields;
        if (order == SortOrder.RELEVANCE) {
            return new PageCursor(order, (Long) values[1], (Float) values[0],
                    IndexFields.recordId(((BytesRef) values[2]).utf8ToString(), (Long) values[3]));
        }
        return new PageCursor(order, (Long) values[0], 0f,
                IndexFields.recordId(((BytesRef) values[1]).utf8ToString(), (Long) values[2]));
    }

    /**
     * The position after the cursor's hit. (node, seq) is unique, so only the hit itself ties with the
     * cursor on every sort value; the largest doc id makes the collector treat it as already returned.
     */
    private static FieldDoc fieldDoc(PageCursor cursor, int maxDoc) {
        BytesRef node = new BytesRef(IndexFields.nodeOf(cursor.recordId()));
        long seq = IndexFields.seqOf(cursor.recordId());
        if (cursor.sort() == SortOrder.RELEVANCE) {
            return new FieldDoc(maxDoc - 1, cursor.score(), new Object[] {cursor.score(), cursor.timeMs(), node, seq});
        }
        return new FieldDoc(maxDoc - 1, Float.NaN, new Object[] {cursor.timeMs(), node, seq});
    }
}
