package org.imgate.search.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.imgate.core.Network;
import org.imgate.core.Participant;
import org.imgate.core.Verdict;
import org.imgate.search.Hit;
import org.imgate.search.Records;
import org.imgate.search.SearchRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Awkward values are indexed without stalling the indexer and found the way users type them. */
class DecisionDocumentsTest {

    private LuceneIndex index;

    @BeforeEach
    void open(@TempDir Path dir) throws Exception {
        index = LuceneIndex.createEmpty(LuceneIndexConfig.defaults(dir));
    }

    @AfterEach
    void close() throws Exception {
        index.close();
    }

    private List<Long> seqs(String query) throws Exception {
        index.refresh();
        return index.searcher().search(SearchRequest.of(query, 10)).hits().stream().map(Hit::seq).toList();
    }

    @Test
    void anAbsurdlyLongFileNameIsIndexedAndKeptWhole() throws Exception {
        String name = "a".repeat(40_000) + ".exe";
        index.indexer().index(List.of(Records.fileOffer(1, "2003-09-18T10:00:00Z", "c1", Records.ALICE_MSN,
                Records.BOB, name, Verdict.allow(), List.of())));
        assertEquals(List.of(1L), seqs("file:aaaa*"));
        index.refresh();
        assertEquals(name, index.searcher().search(SearchRequest.of("file:aaaa*", 1)).hits().get(0).fileName());
    }

    @Test
    void keywordsAreLowerCasedLikeTheQuerySideDoesIt() {
        assertEquals("alice@corp.example", DecisionDocuments.lower("Alice@Corp.EXAMPLE"));
        assertEquals("already lower", DecisionDocuments.lower("already lower"));
        assertEquals("ölçü-àb", DecisionDocuments.lower("ÖLÇÜ-ÀB"));
        // code point by code point, as LowerCaseFilter does: the dotted capital I becomes a plain i
        // (String.toLowerCase would add a combining dot, and from:İnci would no longer match)
        assertEquals("inci", DecisionDocuments.lower("İnci"));
        assertEquals("\uD801\uDC28x", DecisionDocuments.lower("\uD801\uDC00X"));
    }

    @Test
    void handlesMatchWhateverTheirCase() throws Exception {
        Participant inci = Participant.of("İnci@corp.example");
        index.indexer().index(List.of(Records.message(1, "2003-09-18T10:00:00Z", Network.MSN, "c1", inci,
                Records.BOB, "merhaba")));
        assertEquals(List.of(1L), seqs("from:İnci@corp.example"));
        assertEquals(List.of(1L), seqs("from:İNCI@CORP.EXAMPLE"));
        assertEquals("İnci@corp.example", index.searcher().search(SearchRequest.of("merhaba", 1)).hits().get(0)
                .from().handle());
    }
}
