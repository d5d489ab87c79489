package org.imgate.search;

import java.io.IOException;

/**
 * A search index backend (embedded Lucene today; a clustered engine may follow): one indexer and one
 * searcher over the same derived index. Closing the backend makes pending work durable and releases
 * its files and threads. Implementations are thread-safe.
 */
public interface SearchBackend extends AutoCloseable {

    DecisionIndexer indexer();

    ArchiveSearcher searcher();

    @Override
    void close() throws IOException;
}
