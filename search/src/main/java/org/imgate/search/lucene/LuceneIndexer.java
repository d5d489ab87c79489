package org.imgate.search.lucene;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.imgate.core.ClientInfo;
import org.imgate.search.DecisionIndexer;
import org.imgate.search.IndexedDecision;

/**
 * Writes journal records into the Lucene index. A record at or below the highest sequence number already
 * indexed for its node replaces any earlier copy of itself (by {@code node} and {@code seq}), so
 * replaying the journal never duplicates a hit; records past it are simply added. Each node's records
 * must arrive in journal order from one feeder. The offsets reached travel inside each commit, so the
 * index and its resume point cannot disagree.
 *
 * <p>Thread-safe, and feeders of different nodes index in parallel: only the session-client memory,
 * which needs each node's records in order, is consulted under a lock, for a whole batch at a time;
 * building the documents and adding them to the writer run concurrently. Commits are serialized with
 * each other and may run while batches are being indexed.
 */
final class LuceneIndexer implements DecisionIndexer {

    private final IndexWriter writer;
    private final DecisionDocuments documents;
    private final SessionClients sessionClients;
    private final Map<String, String> fixedCommitData;
    private final Map<String, Long> indexedOffsets = new ConcurrentHashMap<>();
    private volatile Map<String, Long> committedOffsets;

    LuceneIndexer(IndexWriter writer, DecisionDocuments documents, SessionClients sessionClients,
                  Map<String, String> fixedCommitData, Map<String, Long> committedOffsets) {
        this.writer = writer;
        this.documents = documents;
        this.sessionClients = sessionClients;
        this.fixedCommitData = Map.copyOf(fixedCommitData);
        this.committedOffsets = Map.copyOf(committedOffsets);
        this.indexedOffsets.putAll(committedOffsets);
    }

    @Override
    public void index(List<IndexedDecision> batch) throws IOException {
        ClientInfo[] clients = sessionClients.observeAll(batch);
        for (int i = 0; i < batch.size(); i++) {
            IndexedDecision record = batch.get(i);
            Document document = documents.build(record, clients[i]);
            Long reached = indexedOffsets.get(record.nodeId());
            if (reached == null || record.seq() > reached) {
                // the usual case: a record past everything indexed for its node cannot be in the index
                // (uncommitted work does not survive a crash), so no delete has to be buffered and
                // resolved at every refresh
                writer.addDocument(document);
            } else {
                writer.updateDocuments(sameRecord(record), List.of(document));
            }
            indexedOffsets.merge(record.nodeId(), record.seq(), Math::max);
        }
    }

    /** The earlier copies of a record: its node and sequence number identify it. */
    private static Query sameRecord(IndexedDecision record) {
        return new BooleanQuery.Builder()
                .add(new TermQuery(new Term(IndexFields.NODE, record.nodeId())), BooleanClause.Occur.FILTER)
                .add(LongPoint.newExactQuery(IndexFields.SEQ, record.seq()), BooleanClause.Occur.FILTER)
                .build();
    }

    @Override
    public synchronized void commit() throws IOException {
        // snapshot the offsets before committing: every record counted in them was added before the
        // commit started, so the commit contains it
        Map<String, Long> offsets = Map.copyOf(indexedOffsets);
        if (!writer.hasUncommittedChanges() && offsets.equals(committedOffsets)) {
            return;
        }
        Map<String, String> data = new HashMap<>(fixedCommitData);
        offsets.forEach((node, seq) -> data.put(IndexFields.COMMIT_OFFSET_PREFIX + node, Long.toString(seq)));
        writer.setLiveCommitData(data.entrySet());
        writer.commit();
        committedOffsets = offsets;
    }

    @Override
    public Map<String, Long> committedOffsets() {
        return committedOffsets;
    }

    /** Reads the offsets out of a commit's user data. */
    static Map<String, Long> offsetsIn(Map<String, String> commitData) {
        Map<String, Long> offsets = new HashMap<>();
        commitData.forEach((key, value) -> {
            if (key.startsWith(IndexFields.COMMIT_OFFSET_PREFIX)) {
                offsets.put(key.substring(IndexFields.COMMIT_OFFSET_PREFIX.length()), Long.parseLong(value));
            }
        });
        return offsets;
    }
}
