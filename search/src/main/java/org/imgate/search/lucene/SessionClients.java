package org.imgate.search.lucene;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.imgate.search.Hit;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.imgate.core.ClientInfo;
import org.imgate.core.ImEvent;
import org.imgate.search.IndexedDecision;
import org.imgate.search.RecordKind;

/**
 * Remembers which client program each open session identified, so that its messages can be searched by
 * client ({@code client:trillian merger}) although a message does not name its client. Recent sessions
 * are kept in a bounded map; a session the map does not know (opened before a restart, or evicted) is
 * looked up in the index, where its session records already are. Because the journal is replayed in
 * order, a rebuild gives every message the same client as live indexing did.
 * Thread-safe: {@link #observeAll} holds the instance's lock for a whole batch; each node's batches
 * come from its one feeder, in journal order.
 */
final class SessionClients {

    /** Sessions remembered; a busy node has far fewer open at once. */
    static final int CAPACITY = 100_000;

    private final SearcherManager searchers;
    private final Map<SessionKey, ClientInfo> recent = new LinkedHashMap<>(1024, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<SessionKey, ClientInfo> eldest) {
            return size() > CAPACITY;
        }
    };

    SessionClients(SearcherManager searchers) {
        this.searchers = Objects.requireNonNull(searchers, "searchers");
    }

    /** {@link #observe}s a batch in order: the clients to index with its records, at the same positions. */
    synchronized ClientInfo[] observeAll(List<IndexedDecision> batch) throws IOException {
        ClientInfo[] clients = new ClientInfo[batch.size()];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = observe(batch.get(i));
        }
        return clients;
    }

    /**
     * Notes what a record says about its session's client and returns the client to index with it:
     * {@code null} for session records (they carry their own) and for sessions whose client is unknown.
     */
    private ClientInfo observe(IndexedDecision record) throws IOException {
        ImEvent event = record.decision().event();
        SessionKey key = new SessionKey(record.nodeId(), event.session().value());
        ClientInfo named = clientOf(event);
        if (named != null) {
            if (!named.isUnknown() || !recent.containsKey(key)) {
                recent.put(key, named);
            }
            return null;
        }
        if (event instanceof ImEvent.SessionClosed) {
            recent.remove(key);
            return null;
        }
        if (!DecisionDocuments.carriesNoClient(event)) {
            return null;
        }
        ClientInfo known = recent.get(key);
        if (known == null) {
            known = lookUp(key, event);
            if (known == null) {
                // remembered as unknown, so the session's next messages do not search again
                known = ClientInfo.unknown(event.network());
            }
            recent.put(key, known);
        }
        return known.isUnknown() ? null : known;
    }

    private static ClientInfo clientOf(ImEvent event) {
        if (event instanceof ImEvent.SessionOpened o) {
            return o.client();
        } else if (event instanceof ImEvent.ClientIdentified c) {
            return c.client();
        } else if (event instanceof ImEvent.Login l) {
            return l.client();
        }
        return null;
    }

    /** The newest identified client among the session's records already in the index. */
    private ClientInfo lookUp(SessionKey key, ImEvent event) throws IOException {
        BooleanQuery.Builder kinds = new BooleanQuery.Builder();
        for (RecordKind kind : new RecordKind[] {RecordKind.SESSION_OPENED, RecordKind.CLIENT_IDENTIFIED, RecordKind.LOGIN}) {
            kinds.add(new TermQuery(new Term(IndexFields.KIND, kind.queryName())), BooleanClause.Occur.SHOULD);
        }
        Query query = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(IndexFields.NODE, key.nodeId())), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term(IndexFields.SESSION, DecisionDocuments.lower(key.session()))),
                        BooleanClause.Occur.FILTER)
                .add(kinds.build(), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term(IndexFields.CLIENT, ClientInfo.UNKNOWN_FAMILY)), BooleanClause.Occur.MUST_NOT)
                .build();
        IndexSearcher searcher = searchers.acquire();
        try {
            TopFieldDocs top = searcher.search(query, 1, LuceneSearcher.indexSort());
            if (top.scoreDocs.length == 0) {
                return null;
            }
            Hit found = HitReader.read(searcher.storedFields().document(top.scoreDocs[0].doc));
            return new ClientInfo(event.network(), found.clientFamily(), found.clientVersion(),
                    null, null, Map.of(), false);
        } finally {
            searchers.release(searcher);
        }
    }

    private record SessionKey(String nodeId, String session) {
    }
}
