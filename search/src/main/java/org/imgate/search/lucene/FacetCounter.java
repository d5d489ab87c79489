package org.imgate.search.lucene;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.StringDocValuesReaderState;
import org.apache.lucene.facet.StringValueFacetCounts;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.imgate.search.Facets;

/**
 * Counts all hits of a query by participant, network and day. The per-reader ordinal maps the counts
 * need are built once per refreshed reader and reused by every search on it. Thread-safe.
 */
final class FacetCounter {

    /** Participants shown; the long tail is of no use on a terminal. */
    private static final int TOP_PARTICIPANTS = 20;

    private IndexReader cachedReader;
    private final Map<String, StringDocValuesReaderState> states = new HashMap<>();

    Facets count(IndexSearcher searcher, Query query) throws IOException {
        if (searcher.getIndexReader().numDocs() == 0) {
            return Facets.none();
        }
        FacetsCollector hits = searcher.search(query, new FacetsCollectorManager());
        List<Facets.Count> participants = counts(searcher, hits, IndexFields.FACET_PARTICIPANT, TOP_PARTICIPANTS);
        List<Facets.Count> networks = counts(searcher, hits, IndexFields.FACET_NETWORK, Integer.MAX_VALUE);
        List<Facets.Count> days = new ArrayList<>(counts(searcher, hits, IndexFields.FACET_DAY, Integer.MAX_VALUE));
        days.sort(Comparator.comparing(Facets.Count::value));
        return new Facets(participants, networks, days);
    }

    private List<Facets.Count> counts(IndexSearcher searcher, FacetsCollector hits, String field, int top)
            throws IOException {
        StringValueFacetCounts counts = new StringValueFacetCounts(state(searcher.getIndexReader(), field), hits);
        FacetResult result = top == Integer.MAX_VALUE ? counts.getAllChildren(field) : counts.getTopChildren(top, field);
        List<Facets.Count> out = new ArrayList<>();
        if (result != null) {
            for (LabelAndValue lv : result.labelValues) {
                if (lv.value.longValue() > 0) {
                    out.add(new Facets.Count(lv.label, lv.value.longValue()));
                }
            }
        }
        out.sort(Comparator.comparingLong(Facets.Count::count).reversed().thenComparing(Facets.Count::value));
        return out;
    }

    private synchronized StringDocValuesReaderState state(IndexReader reader, String field) throws IOException {
        if (reader != cachedReader) {
            states.clear();
            cachedReader = reader;
        }
        StringDocValuesReaderState state = states.get(field);
        if (state == null) {
            state = new StringDocValuesReaderState(reader, field);
            states.put(field, state);
        }
        return state;
    }
}
