package org.imgate.search;

import java.util.List;
import java.util.Optional;

/**
 * One page of hits. Immutable and thread-safe.
 *
 * @param hits          the hits of this page, in the requested order
 * @param totalHits     how many records match; a lower bound when {@code totalIsExact} is false, because
 *                      counting every match of a broad query over a large archive is not worth the time
 * @param totalIsExact  whether {@code totalHits} is exact
 * @param next          where to continue, or {@code null} when this is the last page
 * @param facets        counts by participant, network and day when requested, else {@code null}
 */
public record SearchPage(List<Hit> hits, long totalHits, boolean totalIsExact, PageCursor next, Facets facets) {

    public SearchPage {
        hits = List.copyOf(hits);
    }

    public Optional<PageCursor> nextPage() {
        return Optional.ofNullable(next);
    }
}
