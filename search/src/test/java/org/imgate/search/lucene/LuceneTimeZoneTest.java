package org.imgate.search.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import org.imgate.search.Facets;
import org.imgate.search.Hit;
import org.imgate.search.Records;
import org.imgate.search.SearchRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dates in queries and the day facet follow the configured time zone, not UTC. */
class LuceneTimeZoneTest {

    @Test
    void daysAreCalendarDaysOfTheConfiguredZone(@TempDir Path dir) throws Exception {
        // record 7 is 2003-09-01T00:00Z and record 8 2003-08-31T23:59Z: both on Aug 31 in New York
        LuceneIndexConfig config = LuceneIndexConfig.defaults(dir).withZone(ZoneId.of("America/New_York"));
        try (LuceneIndex index = LuceneIndex.createEmpty(config)) {
            index.indexer().index(Records.archive());
            index.refresh();
            List<Long> seqs = index.searcher().search(SearchRequest.of("date:2003-08-31", 10)).hits().stream()
                    .map(Hit::seq).toList();
            assertEquals(List.of(7L, 8L), seqs);
            assertEquals(List.of(7L, 8L), index.searcher().search(SearchRequest.of("before:\"2003-08-31T23:59:59\"", 10))
                    .hits().stream().map(Hit::seq).toList());
            Facets facets = index.searcher().search(SearchRequest.of("seq:[7 TO 8]", 10).withFacets()).facets();
            assertEquals(List.of(new Facets.Count("2003-08-31", 2)), facets.days());
        }
    }
}
