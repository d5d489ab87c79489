package org.imgate.proxy.relay;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * The per-direction FIFO that keeps one peer's frames in arrival order while their gate decisions
 * complete in any order: a frame is delivered only when its own decision and the decisions of every
 * earlier frame are in. Frames that need no decision queue behind earlier ones all the same, so nothing
 * overtakes a message still waiting to be archived.
 *
 * <p>The queue is bounded: when {@code capacity} frames wait, {@code pause} runs (the owner suspends
 * reading that peer); once the queue has drained to half, {@code resume} runs. Memory per direction is
 * therefore bounded by the capacity times the largest frame the decoder admits.
 *
 * <p>Not thread-safe by itself: the owner calls every method, including the {@code ready} callback's
 * {@link #deliverReady()}, under the one lock that guards its session, so that delivery actions can
 * touch session state. A decision completing on another thread triggers {@code ready}, which must take
 * that lock and call {@link #deliverReady()}. Re-entrant calls (a decision that completes synchronously
 * inside {@link #submit}) are safe.
 */
public final class OrderedDeliveries {

    private final int capacity;
    private final Runnable ready;
    private final Runnable pause;
    private final Runnable resume;
    /** Small at first: an idle session holds two of these, and most wait for one or two frames at a time. */
    private final Deque<Entry<?>> queue = new ArrayDeque<>(2);
    private boolean delivering;
    private boolean paused;
    private boolean closed;

    /**
     * @param capacity how many frames may wait before the peer is paused
     * @param ready    called (on any thread) when some decision completed; must lock and call {@link #deliverReady()}
     * @param pause    stops reading the peer
     * @param resume   resumes reading the peer
     */
    public OrderedDeliveries(int capacity, Runnable ready, Runnable pause, Runnable resume) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2, was " + capacity);
        }
        this.capacity = capacity;
        this.ready = Objects.requireNonNull(ready, "ready");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.resume = Objects.requireNonNull(resume, "resume");
    }

    /**
     * Queues a frame whose delivery waits for {@code decision}; {@code deliver} then gets its value, or
     * the failure it completed with (the action decides what a failure means, e.g. fail closed).
     */
    public <T> void submit(CompletableFuture<T> decision, BiConsumer<T, Throwable> deliver) {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(deliver, "deliver");
        if (closed) {
            return;
        }
        queue.addLast(new Entry<>(decision, deliver));
        if (!paused && queue.size() >= capacity) {
            paused = true;
            pause.run();
        }
        if (decision.isDone()) {
            deliverReady();
        } else {
            decision.whenComplete((v, e) -> ready.run());
        }
    }

    /** Queues a frame that needs no decision; it still waits for every earlier frame. */
    public void submit(Runnable deliver) {
        Objects.requireNonNull(deliver, "deliver");
        submit(CompletableFuture.completedFuture(null), (v, e) -> deliver.run());
    }

    /** Delivers, in order, every frame at the head whose decision is complete. */
    public void deliverReady() {
        if (delivering) {
            return;
        }
        delivering = true;
        try {
            while (!closed && !queue.isEmpty() && queue.peekFirst().decision.isDone()) {
                queue.pollFirst().deliver();
            }
        } finally {
            delivering = false;
        }
        if (paused && !closed && queue.size() <= capacity / 2) {
            paused = false;
            resume.run();
        }
    }

    /** How many frames are waiting. */
    public int pending() {
        return queue.size();
    }

    /** True while the peer is paused because the queue is full. */
    public boolean paused() {
        return paused;
    }

    /** Drops every waiting frame (the session is ending) and accepts no more. */
    public void close() {
        closed = true;
        queue.clear();
    }

    private record Entry<T>(CompletableFuture<T> decision, BiConsumer<T, Throwable> action) {
        void deliver() {
            T value = null;
            Throwable failure = null;
            try {
                value = decision.join();
            } catch (RuntimeException e) {
                failure = e.getCause() != null ? e.getCause() : e;
            }
            action.accept(value, failure);
        }
    }
}
