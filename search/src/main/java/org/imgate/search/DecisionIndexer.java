package org.imgate.search;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The write side of the search index: the port a journal tailer feeds. Records become searchable
 * shortly after {@link #index} returns (the backend refreshes on its own schedule) and durable in the
 * index at the next commit; {@link #committedOffsets()} tells the tailer where to resume after a
 * restart. Indexing a record again replaces it, so resuming from a committed offset is always safe.
 * Implementations are thread-safe.
 */
public interface DecisionIndexer {

    /** Indexes a batch of records, in journal order per node. */
    void index(List<IndexedDecision> batch) throws IOException;

    /** Makes everything indexed so far durable in the index and records the offsets reached. */
    void commit() throws IOException;

    /**
     * The highest sequence number per node that is durable in the index, as of the last commit. A node
     * with nothing indexed is absent; its tailer starts from the beginning.
     */
    Map<String, Long> committedOffsets();
}
