package org.imgate.search;

import java.util.Objects;

/**
 * What to search for and which page of the answer to return. Immutable and thread-safe.
 *
 * @param query  the query in imgate's query language (see {@code search/README.md}); blank matches everything
 * @param sort   the order of hits
 * @param limit  the page size, 1 to {@value #MAX_LIMIT}
 * @param after  where the previous page ended, or {@code null} for the first page
 * @param facets whether to count hits by participant, network and day
 */
public record SearchRequest(String query, SortOrder sort, int limit, PageCursor after, boolean facets) {

    public static final int MAX_LIMIT = 10_000;

    public SearchRequest {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(sort, "sort");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (after != null && after.sort() != sort) {
            throw new IllegalArgumentException("the page cursor was made for sort " + after.sort()
                    + ", not " + sort);
        }
    }

    /** The first page of a query, newest first, without facets. */
    public static SearchRequest of(String query, int limit) {
        return new SearchRequest(query, SortOrder.NEWEST_FIRST, limit, null, false);
    }

    public SearchRequest withSort(SortOrder newSort) {
        return new SearchRequest(query, newSort, limit, null, facets);
    }

    public SearchRequest withFacets() {
        return new SearchRequest(query, sort, limit, after, true);
    }

    /** The page after the one {@code cursor} ended. */
    public SearchRequest after(PageCursor cursor) {
        return new SearchRequest(query, sort, limit, cursor, facets);
    }
}
