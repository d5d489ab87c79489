package org.imgate.search.lucene;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.imgate.core.BackgroundThreads;
import org.imgate.core.ClientInfo;
import org.imgate.search.DecisionIndexer;
import org.imgate.search.IndexedDecision;

/**
 * Writes journal records into the Lucene index. A record at or below the highest sequence number already
 * indexed for its node replaces any earlier copy of itself (by {@code node} and {@code seq}), so
 * replaying the journal never duplicates a hit; records past it are simply added. Each node's records
 * must arrive in journal order from one feeder. The offsets reached travel inside each commit, so the
 * index and its resume point cannot disagree: a node's offset advances only once every record up to
 * it has been added.
 *
 * <p>A large batch (a rebuild or catch-up reads the journal in batches of a thousand) is indexed on
 * several cores even though it comes from one feeder: only the session-client memory, which needs
 * each node's journal order, is consulted in order under a lock; the batch is then cut into slices
 * whose documents are built and added concurrently, one slice on the caller's thread and the others
 * on the indexer's helper threads. Live records arrive one at a time and stay on the caller's thread.
 *
 * <p>Thread-safe: feeders of different nodes may index concurrently. Commits are serialized with
 * each other and may run while batches are being indexed.
 */
final class LuceneIndexer implements DecisionIndexer {

    /** Below this many records per slice, splitting a batch costs more hand-over than it saves. */
    private static final int MIN_SLICE = 64;
    /** More threads than this mostly contend inside the writer. */
    private static final int MAX_PARALLELISM = 4;

    private final int parallelism;
    private final ExecutorService helpers;
    private final IndexWriter writer;
    private final DecisionDocuments documents;
    private final SessionClients sessionClients;
    private final Map<String, String> fixedCommitData;
    private final Map<String, Long> indexedOffsets = new ConcurrentHashMap<>();
    private volatile Map<String, Long> committedOffsets;

    LuceneIndexer(IndexWriter writer, DecisionDocuments documents, SessionClients sessionClients,
                  Map<String, String> fixedCommitData, Map<String, Long> committedOffsets) {
        // at least two, so that slicing is exercised everywhere; on one core they simply take turns
        this(writer, documents, sessionClients, fixedCommitData, committedOffsets,
                Math.max(2, Math.min(MAX_PARALLELISM, Runtime.getRuntime().availableProcessors())));
    }

    /** @param parallelism how many threads, the caller's included, may index one large batch */
    LuceneIndexer(IndexWriter writer, DecisionDocuments documents, SessionClients sessionClients,
                  Map<String, String> fixedCommitData, Map<String, Long> committedOffsets, int parallelism) {
        this.parallelism = Math.max(1, parallelism);
        this.helpers = this.parallelism == 1 ? null : Executors.newFixedThreadPool(this.parallelism - 1,
                r -> BackgroundThreads.newThread(r, "imgate-index-build"));
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
        int slices = helpers == null ? 1 : Math.min(parallelism, batch.size() / MIN_SLICE);
        if (slices <= 1) {
            addAll(batch, clients, 0, batch.size());
        } else {
            List<Future<?>> others = new ArrayList<>(slices - 1);
            int size = (batch.size() + slices - 1) / slices;
            for (int from = size; from < batch.size(); from += size) {
                int start = from;
                int end = Math.min(batch.size(), from + size);
                others.add(helpers.submit(() -> {
                    addAll(batch, clients, start, end);
                    return null;
                }));
            }
            try {
                addAll(batch, clients, 0, size);
            } catch (IOException | RuntimeException failure) {
                // the other slices still finish before the failure is passed on: none outlives this call
                try {
                    awaitAll(others);
                } catch (IOException | RuntimeException another) {
                    failure.addSuppressed(another);
                }
                throw failure;
            }
            awaitAll(others);
        }
        // only now: a commit must never claim a record that another slice has not added yet
        for (IndexedDecision record : batch) {
            indexedOffsets.merge(record.nodeId(), record.seq(), Math::max);
        }
    }

    private void addAll(List<IndexedDecision> batch, ClientInfo[] clients, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
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
        }
    }

    /**
     * Waits for the other slices. A failure is the writer's (Lucene closes a writer that failed to add a
     * document, and the index is then rebuilt from the journal), so it is passed on as it came.
     */
    private static void awaitAll(List<Future<?>> slices) throws IOException {
        IOException failure = null;
        for (Future<?> slice : slices) {
            try {
                slice.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = failure != null ? failure : new InterruptedIOException("interrupted while indexing");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    failure = failure != null ? failure : io;
                } else if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                } else {
                    throw new IllegalStateException("indexing a slice failed", cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Stops the helper threads; call after the last batch. */
    void close() {
        if (helpers != null) {
            helpers.shutdownNow();
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
