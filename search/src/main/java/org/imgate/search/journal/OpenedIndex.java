package org.imgate.search.journal;

import java.io.IOException;
import java.util.Objects;
import org.imgate.search.IndexHealth;
import org.imgate.search.IndexUnusableException;
import org.imgate.search.lucene.LuceneIndex;
import org.imgate.search.lucene.LuceneIndexConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index as found at start: opened as it was, or started empty because it was missing, corrupt or
 * built differently, in which case the journal must be replayed from the beginning. Immutable; the
 * caller owns (and closes) the index.
 *
 * @param index   the open index
 * @param found   what the inspection found; anything but {@link IndexHealth.Healthy} means it was recreated
 */
public record OpenedIndex(LuceneIndex index, IndexHealth found) {

    private static final Logger LOG = LoggerFactory.getLogger(OpenedIndex.class);

    public OpenedIndex {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(found, "found");
    }

    /** Whether the index was recreated empty and is being rebuilt from the journal. */
    public boolean recreated() {
        return !found.usable();
    }

    /**
     * Opens the index at {@code config.directory()}, or recreates it empty when it cannot be used.
     *
     * @throws IOException when the index cannot be opened for a reason a rebuild would not cure
     *                     (permissions, another process holding it)
     */
    public static OpenedIndex openOrRecreate(LuceneIndexConfig config) throws IOException {
        try {
            return new OpenedIndex(LuceneIndex.open(config), new IndexHealth.Healthy(config.directory()));
        } catch (IndexUnusableException e) {
            LOG.warn("rebuilding the search index from the journal: {}", e.health().describe());
            return new OpenedIndex(LuceneIndex.createEmpty(config), e.health());
        }
    }
}
