package org.imgate.proxy.relay;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderedDeliveriesTest {

    private final List<String> delivered = new ArrayList<>();
    private final List<String> flow = new ArrayList<>();
    private OrderedDeliveries queue;

    private OrderedDeliveries queue(int capacity) {
        queue = new OrderedDeliveries(capacity, () -> queue.deliverReady(), () -> flow.add("pause"),
                () -> flow.add("resume"));
        return queue;
    }

    @Test
    void decisionsCompletingOutOfOrderAreDeliveredInArrivalOrder() {
        queue(8);
        CompletableFuture<String> first = new CompletableFuture<>();
        CompletableFuture<String> second = new CompletableFuture<>();
        queue.submit(first, (v, e) -> delivered.add(v));
        queue.submit(second, (v, e) -> delivered.add(v));

        second.complete("second");
        assertEquals(List.of(), delivered, "the second overtook the first");
        first.complete("first");
        assertEquals(List.of("first", "second"), delivered);
        assertEquals(0, queue.pending());
    }

    @Test
    void framesWithoutADecisionWaitBehindEarlierMessages() {
        queue(8);
        CompletableFuture<String> message = new CompletableFuture<>();
        queue.submit(message, (v, e) -> delivered.add(v));
        queue.submit(() -> delivered.add("presence"));
        assertEquals(List.of(), delivered);
        message.complete("message");
        assertEquals(List.of("message", "presence"), delivered);
    }

    @Test
    void aFailedDecisionReachesItsActionAsAFailureAndLaterFramesStillFlow() {
        queue(8);
        CompletableFuture<String> broken = new CompletableFuture<>();
        queue.submit(broken, (v, e) -> delivered.add(e == null ? v : "failed: " + e.getMessage()));
        queue.submit(() -> delivered.add("next"));
        broken.completeExceptionally(new IllegalStateException("disk gone"));
        assertEquals(List.of("failed: disk gone", "next"), delivered);
    }

    @Test
    void aFullQueuePausesThePeerUntilItHasDrainedToHalf() {
        queue(4);
        List<CompletableFuture<String>> decisions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            CompletableFuture<String> d = new CompletableFuture<>();
            decisions.add(d);
            queue.submit(d, (v, e) -> delivered.add(v));
        }
        assertEquals(List.of("pause"), flow);
        assertTrue(queue.paused());
        decisions.get(0).complete("0");
        assertEquals(List.of("pause"), flow, "still three waiting: more than half");
        decisions.get(1).complete("1");
        assertEquals(List.of("pause", "resume"), flow);
        assertFalse(queue.paused());
    }

    @Test
    void aDecisionCompletingInsideSubmitIsDeliveredOnceAndInOrder() {
        queue(8);
        queue.submit(CompletableFuture.completedFuture("now"), (v, e) -> {
            delivered.add(v);
            queue.submit(() -> delivered.add("queued from inside"));
        });
        assertEquals(List.of("now", "queued from inside"), delivered);
    }

    @Test
    void closingDropsWaitingFramesAndRefusesNewOnes() {
        queue(8);
        CompletableFuture<String> waiting = new CompletableFuture<>();
        queue.submit(waiting, (v, e) -> delivered.add(v));
        queue.close();
        waiting.complete("late");
        queue.submit(() -> delivered.add("after close"));
        assertEquals(List.of(), delivered);
    }
}
