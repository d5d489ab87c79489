package org.imgate.search.lucene;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.StringDocValuesReaderState;
import org.apache.lucene.facet.StringValueFacetCounts;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.imgate.search.Facets;

/**
 * Counts all hits of a query by participant, network and day. The per-reader ordinal maps the counts
 * need are built once per refreshed reader and reused by every search on it. Days are counted from the
 * time doc values in the configured zone, so the index holds no day values of its own (and a change of
 * zone needs no rebuild). Thread-safe.
 */
final class FacetCounter {

    /** Participants shown; the long tail is of no use on a terminal. */
    private static final int TOP_PARTICIPANTS = 20;

    private final ZoneId zone;
    private IndexReader cachedReader;
    private final Map<String, StringDocValuesReaderState> states = new HashMap<>();

    /** @param zone the time zone whose calendar days are counted */
    FacetCounter(ZoneId zone) {
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    Facets count(IndexSearcher searcher, Query query) throws IOException {
        if (searcher.getIndexReader().numDocs() == 0) {
            return Facets.none();
        }
        FacetsCollector hits = searcher.search(query, new FacetsCollectorManager());
        List<Facets.Count> participants = counts(searcher, hits, IndexFields.FACET_PARTICIPANT, TOP_PARTICIPANTS);
        List<Facets.Count> networks = counts(searcher, hits, IndexFields.FACET_NETWORK, Integer.MAX_VALUE);
        return new Facets(participants, networks, days(hits));
    }

    /** Hit counts per calendar day, oldest day first. */
    private List<Facets.Count> days(FacetsCollector hits) throws IOException {
        Map<LocalDate, long[]> counts = new HashMap<>();
        CalendarDay day = new CalendarDay(zone);
        for (FacetsCollector.MatchingDocs matching : hits.getMatchingDocs()) {
            NumericDocValues times = DocValues.getNumeric(matching.context.reader(), IndexFields.TIME);
            DocIdSetIterator docs = matching.bits.iterator();
            if (docs == null) {
                continue;
            }
            for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                if (times.advanceExact(doc)) {
                    counts.computeIfAbsent(day.of(times.longValue()), d -> new long[1])[0]++;
                }
            }
        }
        List<Facets.Count> days = new ArrayList<>(counts.size());
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> days.add(new Facets.Count(e.getKey().toString(), e.getValue()[0])));
        return days;
    }

    /**
     * The calendar day of an instant, remembering the last day's bounds: hits come in index order, which is
     * time order, so nearly every look-up falls in the day before and needs no time-zone arithmetic.
     */
    private static final class CalendarDay {
        private final ZoneId zone;
        private LocalDate day;
        private long start = Long.MAX_VALUE;
        private long end = Long.MIN_VALUE;

        CalendarDay(ZoneId zone) {
            this.zone = zone;
        }

        LocalDate of(long epochMillis) {
            if (epochMillis < start || epochMillis >= end) {
                day = LocalDate.ofInstant(Instant.ofEpochMilli(epochMillis), zone);
                start = day.atStartOfDay(zone).toInstant().toEpochMilli();
                end = day.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
            }
            return day;
        }
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
