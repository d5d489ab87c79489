package org.imgate.search.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.imgate.archive.JournalReader;
import org.imgate.archive.JournalRecord;
import org.imgate.search.DecisionIndexer;
import org.imgate.search.IndexedDecision;

/**
 * Reads a range of the journal into the index in batches: the rebuild of a missing index, the catch-up
 * of one that is behind, and {@code imgate reindex}. Streams the journal, so the archive may be larger
 * than memory. Indexing again what the index already holds replaces it, so replaying an overlapping
 * range is safe. Thread-safe: holds no state between calls.
 */
public final class JournalReplay {

    static final int BATCH = 1000;

    private final JournalReader reader;
    private final DecisionIndexer indexer;
    private final RecordDecoder decoder;

    public JournalReplay(JournalReader reader, DecisionIndexer indexer, RecordDecoder decoder) {
        this.reader = reader;
        this.indexer = indexer;
        this.decoder = decoder;
    }

    /**
     * Indexes the decisions with {@code fromSeq <= seq <= throughSeq} and commits the index. Progress is
     * reported after every batch.
     *
     * @throws IOException when the journal cannot be read (naming the file and offset) or the index written
     */
    public ReplayReport replay(long fromSeq, long throughSeq, ReplayProgress progress) throws IOException {
        long start = System.nanoTime();
        long unparseableBefore = decoder.unparseable();
        long records = 0;
        long indexed = 0;
        long reached = fromSeq - 1;
        List<IndexedDecision> batch = new ArrayList<>(BATCH);
        try (Stream<JournalRecord> stream = reader.records(fromSeq, throughSeq)) {
            Iterator<JournalRecord> it = stream.iterator();
            while (it.hasNext()) {
                JournalRecord record = it.next();
                records++;
                reached = record.seq();
                decoder.decode(record).ifPresent(batch::add);
                if (records % BATCH == 0) {
                    indexed += flush(batch);
                    progress.update(reached, fromSeq, throughSeq, records);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        indexed += flush(batch);
        indexer.commit();
        progress.update(throughSeq < fromSeq ? reached : Math.max(reached, throughSeq), fromSeq, throughSeq, records);
        return new ReplayReport(fromSeq, reached, records, indexed, decoder.unparseable() - unparseableBefore,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private int flush(List<IndexedDecision> batch) throws IOException {
        int n = batch.size();
        if (n > 0) {
            indexer.index(List.copyOf(batch));
            batch.clear();
        }
        return n;
    }
}
