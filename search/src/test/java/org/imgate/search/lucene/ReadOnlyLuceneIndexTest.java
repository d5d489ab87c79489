package org.imgate.search.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.imgate.core.Network;
import org.imgate.search.IndexHealth;
import org.imgate.search.IndexUnusableException;
import org.imgate.search.Records;
import org.imgate.search.SearchRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A search command can read the index while the server keeps writing it. */
class ReadOnlyLuceneIndexTest {

    @TempDir
    Path dir;

    private static int count(ReadOnlyLuceneIndex index, String query) throws Exception {
        return index.searcher().search(SearchRequest.of(query, 100)).hits().size();
    }

    @Test
    void readsWhatTheRunningWriterCommitted() throws Exception {
        LuceneIndexConfig config = LuceneIndexConfig.defaults(dir);
        try (LuceneIndex writer = LuceneIndex.createEmpty(config)) {
            writer.indexer().index(Records.archive());
            writer.indexer().commit();
            try (ReadOnlyLuceneIndex reader = ReadOnlyLuceneIndex.open(config)) {
                assertEquals(9, count(reader, ""));
                assertEquals(List.of(5L, 4L, 2L, 1L), reader.searcher().search(SearchRequest.of("merger", 10))
                        .hits().stream().map(h -> h.seq()).toList());

                writer.indexer().index(List.of(Records.message(10, "2003-12-01T09:00:00Z", Network.MSN, "c-new",
                        Records.CAROL, Records.BOB, "the merger is done")));
                writer.indexer().commit();
                assertEquals(4, count(reader, "merger"), "not before a refresh");
                reader.refresh();
                assertEquals(5, count(reader, "merger"));
            }
        }
    }

    @Test
    void refusesAMissingIndexInsteadOfAnsweringNothing() {
        IndexUnusableException e = assertThrows(IndexUnusableException.class,
                () -> ReadOnlyLuceneIndex.open(LuceneIndexConfig.defaults(dir.resolve("none"))));
        assertInstanceOf(IndexHealth.Missing.class, e.health());
    }
}
