package org.imgate.core;

import java.util.concurrent.CompletableFuture;

/**
 * The one thing the proxy asks about each event: may it pass? The answer arrives asynchronously,
 * and only after the decision is durable in the archive, so the proxy can forward on completion
 * without ever delivering something unarchived. Implementations must never block the caller (proxy
 * I/O threads call this) and must complete the future with a {@link Verdict}, not exceptionally,
 * whenever the failure is one policy has an answer for (fail-closed turns a broken archive into a
 * {@link Verdict.Block}). Implementations are thread-safe.
 */
public interface Gate {

    CompletableFuture<Verdict> decide(ImEvent event);
}
