package org.imgate.core;

import java.util.concurrent.CompletableFuture;

/**
 * Where decisions go to be kept: the archive journal. The returned future completes with the
 * record's sequence number only once the decision is on stable storage, and fails if it could not
 * be written; a decision is never reported durable unless it is. Implementations are thread-safe.
 */
public interface DecisionSink {

    CompletableFuture<Long> record(Decision decision);
}
