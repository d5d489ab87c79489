package org.imgate.proxy.testing;

import org.imgate.core.Decision;
import org.imgate.core.DecisionSink;
import org.imgate.core.ImEvent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory archive: records every decision and reports it durable at once, or, when switched,
 * fails every write (a broken disk) or holds writes until released (a slow disk). Thread-safe.
 */
public final class RecordingSink implements DecisionSink {

    private final List<Decision> decisions = new ArrayList<>();
    private final List<CompletableFuture<Long>> held = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private boolean failing;
    private boolean holding;

    @Override
    public synchronized CompletableFuture<Long> record(Decision decision) {
        if (failing) {
            return CompletableFuture.failedFuture(new IOException("archive disk unavailable (test)"));
        }
        decisions.add(decision);
        CompletableFuture<Long> durable = new CompletableFuture<>();
        if (holding) {
            held.add(durable);
            return durable;
        }
        durable.complete(sequence.incrementAndGet());
        return durable;
    }

    public synchronized void failing(boolean on) {
        failing = on;
    }

    public synchronized void holding(boolean on) {
        holding = on;
    }

    /** Completes the held writes; outside the lock, since completions run delivery callbacks. */
    public void release() {
        List<CompletableFuture<Long>> toComplete;
        synchronized (this) {
            toComplete = new ArrayList<>(held);
            held.clear();
            holding = false;
        }
        toComplete.forEach(f -> f.complete(sequence.incrementAndGet()));
    }

    public synchronized List<Decision> decisions() {
        return List.copyOf(decisions);
    }

    /** The recorded message decisions whose body contains {@code text}. */
    public synchronized List<Decision> messages(String text) {
        return decisions.stream()
                .filter(d -> d.event() instanceof ImEvent.Message m && m.body().contains(text))
                .toList();
    }
}
