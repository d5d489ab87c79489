package org.imgate.policy;

import org.imgate.core.Decision;
import org.imgate.core.DecisionSink;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link DecisionSink} that keeps what it is given and whose futures the test completes by hand,
 * standing in for the archive's journal (durable when the test says so).
 */
final class RecordingSink implements DecisionSink {
    record Pending(Decision decision, CompletableFuture<Long> durable) {
    }

    private final List<Pending> pending = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Long> record(Decision decision) {
        CompletableFuture<Long> durable = new CompletableFuture<>();
        pending.add(new Pending(decision, durable));
        return durable;
    }

    Pending only() {
        if (pending.size() != 1) {
            throw new AssertionError("expected exactly one recorded decision, got " + pending.size());
        }
        return pending.get(0);
    }

    Pending pending(int index) {
        return pending.get(index);
    }

    int count() {
        return pending.size();
    }
}
