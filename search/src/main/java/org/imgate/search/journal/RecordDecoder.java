package org.imgate.search.journal;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.imgate.archive.DecisionCodec;
import org.imgate.archive.JournalRecord;
import org.imgate.archive.PayloadException;
import org.imgate.archive.RecordType;
import org.imgate.core.Decision;
import org.imgate.search.IndexedDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns journal records into what the index takes. DECISION records become {@link IndexedDecision}s;
 * other record kinds (audit, checkpoints, holds) are not searchable and are passed over. A DECISION
 * whose payload cannot be decoded is logged with its sequence number and counted, never dropped
 * silently: the archive still holds it ({@code imgate verify} vouches for it), only search cannot show
 * it. Thread-safe.
 */
public final class RecordDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(RecordDecoder.class);

    private final DecisionCodec codec = new DecisionCodec();
    private final AtomicLong unparseable = new AtomicLong();

    /** The decision in {@code record}, or empty for a record that is not a decision or cannot be decoded. */
    public Optional<IndexedDecision> decode(JournalRecord record) {
        if (record.type() != RecordType.DECISION) {
            return Optional.empty();
        }
        try {
            Decision decision = codec.decode(record);
            return Optional.of(new IndexedDecision(record.seq(), record.nodeId(), decision));
        } catch (PayloadException e) {
            long count = unparseable.incrementAndGet();
            LOG.error("search index: journal record seq {} of node {} ({}) cannot be indexed, it is not searchable"
                    + " ({} such record(s) so far): {}", record.seq(), record.nodeId(), record.location(), count,
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** How many DECISION records could not be decoded so far. */
    public long unparseable() {
        return unparseable.get();
    }
}
