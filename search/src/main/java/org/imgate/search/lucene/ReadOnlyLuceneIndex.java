package org.imgate.search.lucene;

import java.io.IOException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.imgate.search.ArchiveSearcher;
import org.imgate.search.IndexHealth;
import org.imgate.search.IndexUnusableException;

/**
 * Searches an index that another process writes (the {@code imgate search} command beside a running
 * {@code imgate serve}): takes no write lock and sees what the writer has committed, up to the last
 * {@link #refresh()}. Thread-safe; {@link #close()} releases the files.
 */
public final class ReadOnlyLuceneIndex implements AutoCloseable {

    private final Directory directory;
    private final SearcherManager searchers;
    private final LuceneSearcher searcher;

    private ReadOnlyLuceneIndex(Directory directory, SearcherManager searchers, LuceneIndexConfig config) {
        this.directory = directory;
        this.searchers = searchers;
        Analyzer analyzer = Analyzers.create();
        this.searcher = new LuceneSearcher(searchers, new QueryTranslator(analyzer, config.zone()), analyzer,
                new FacetCounter(config.zone()));
    }

    /**
     * Opens the index for searching.
     *
     * @throws IndexUnusableException when the index is missing, damaged or built differently; searching it
     *                                would give wrong answers, so the caller reports that a rebuild is due
     */
    public static ReadOnlyLuceneIndex open(LuceneIndexConfig config) throws IOException, IndexUnusableException {
        IndexHealth health = IndexInspector.inspect(config);
        if (!health.usable()) {
            throw new IndexUnusableException(health);
        }
        Directory dir = FSDirectory.open(config.directory());
        try {
            return new ReadOnlyLuceneIndex(dir, new SearcherManager(dir, null), config);
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    public ArchiveSearcher searcher() {
        return searcher;
    }

    /** Picks up what the writer has committed since the index was opened or last refreshed. */
    public void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    @Override
    public void close() throws IOException {
        try (Directory dir = directory; SearcherManager s = searchers) {
            // closed in reverse order of opening
        }
    }
}
