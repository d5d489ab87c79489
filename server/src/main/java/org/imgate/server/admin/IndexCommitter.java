package org.imgate.server.admin;

import java.io.IOException;
import org.imgate.search.journal.IndexFreshness;

/**
 * The running server's search index, as the admin channel may touch it: a search beside the server
 * reads the index's last commit, so before it opens the index it asks for one that holds everything
 * archived until now. Implemented by the node over its {@code SearchService}.
 */
@FunctionalInterface
public interface IndexCommitter {

    /**
     * Commits the index through the journal's last record, waiting a bounded time for the index to get
     * there, and says how far the commit reaches.
     *
     * @throws IOException when the commit fails
     */
    IndexFreshness commitCurrent() throws IOException, InterruptedException;
}
