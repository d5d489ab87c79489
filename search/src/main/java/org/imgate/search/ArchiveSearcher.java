package org.imgate.search;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * The read side of the search index: queries in imgate's query language, whole conversations, and
 * streaming of result sets larger than memory. Implementations are thread-safe.
 */
public interface ArchiveSearcher {

    /**
     * One page of hits for a query.
     *
     * @throws InvalidQueryException when the query text is malformed, naming the column of the problem
     */
    SearchPage search(SearchRequest request) throws InvalidQueryException, IOException;

    /**
     * Every hit of a query in the requested order, fetched page by page so that result sets of any
     * size can be exported. {@code request.limit()} is the page size; its cursor is the starting point.
     */
    void forEach(SearchRequest request, Consumer<Hit> consumer) throws InvalidQueryException, IOException;

    /** One page of a conversation, oldest record first; pass the returned cursor to read on. */
    SearchPage conversation(String conversationId, PageCursor after, int limit) throws IOException;

    /**
     * The records of a hit's conversation around it, oldest first: up to {@code before} records before
     * the hit, the hit itself, and up to {@code after} records after it. A hit without a conversation
     * (a session record) comes back alone.
     */
    java.util.List<Hit> conversationAround(Hit hit, int before, int after) throws IOException;
}
