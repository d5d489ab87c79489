package org.imgate.proxy.msn.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;

import org.imgate.core.HostPort;
import org.imgate.proxy.msn.SteppingClock;
import org.imgate.proxy.msn.route.NsPortAllocator;
import org.junit.jupiter.api.Test;

/** Notification listeners: bound on the executor, never on the caller's thread, and freed when idle. */
class NotificationListenersTest {

    private static final HostPort NS1 = new HostPort("10.0.0.1", 1863);
    private static final HostPort NS2 = new HostPort("10.0.0.2", 1863);
    private static final Duration GRACE = Duration.ofMinutes(5);

    /** Runs tasks only when the test says so, like a busy executor thread. */
    private static final class StepExecutor implements Executor {
        final Deque<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable command) {
            tasks.add(command);
        }

        void runAll() {
            while (!tasks.isEmpty()) {
                tasks.poll().run();
            }
        }
    }

    private static final class FakeListener implements NotificationListeners.Listener {
        int connections;
        boolean unbound;

        @Override
        public int connections() {
            return connections;
        }

        @Override
        public void unbind() {
            unbound = true;
        }
    }

    private final SteppingClock clock = new SteppingClock();
    private final StepExecutor executor = new StepExecutor();
    private final NsPortAllocator ports = new NsPortAllocator(18650, 18651);
    private final List<FakeListener> bound = new ArrayList<>();
    private final List<Integer> boundPorts = new ArrayList<>();
    private IOException bindFailure;
    private final NotificationListeners listeners = new NotificationListeners("127.0.0.1", this::bind, ports,
            executor, clock, GRACE);

    private NotificationListeners.Listener bind(InetSocketAddress address, HostPort upstream) throws IOException {
        if (bindFailure != null) {
            throw bindFailure;
        }
        FakeListener l = new FakeListener();
        bound.add(l);
        boundPorts.add(address.getPort());
        return l;
    }

    @Test
    void theBindRunsOnTheExecutorAndTheRedirectWaitsForIt() {
        int port = ports.portFor(NS1).getAsInt();
        CompletableFuture<Void> ready = listeners.ensure(port, NS1);
        assertFalse(ready.isDone(), "nothing was bound on the caller's thread");
        assertTrue(bound.isEmpty());
        executor.runAll();
        assertTrue(ready.isDone() && !ready.isCompletedExceptionally());
        assertEquals(List.of(port), boundPorts);
        assertTrue(listeners.ensure(port, NS1).isDone(), "a bound listener is ready at once");
        assertEquals(1, bound.size(), "bound once");
    }

    @Test
    void aFailedBindFailsTheRedirectNamingThePortAndFreesIt() {
        int port = ports.portFor(NS1).getAsInt();
        bindFailure = new IOException("msn notification port 127.0.0.1:" + port + " cannot be bound: in use");
        CompletableFuture<Void> ready = listeners.ensure(port, NS1);
        executor.runAll();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, ready::get);
        assertInstanceOf(IOException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains(Integer.toString(port)));
        assertTrue(listeners.ports().isEmpty());
        assertTrue(ports.upstreamFor(port).isEmpty(), "the port is free for the next attempt");
    }

    @Test
    void anIdleListenerIsUnboundAfterTheGraceAndItsPortReused() {
        int port = ports.portFor(NS1).getAsInt();
        listeners.ensure(port, NS1);
        executor.runAll();
        FakeListener listener = bound.get(0);
        listener.connections = 1;
        clock.advance(GRACE.plusSeconds(1));
        assertTrue(listeners.sweep().isEmpty(), "a listener with a connection stays");
        listener.connections = 0;
        assertEquals(List.of(port), listeners.sweep(), "the last connection ended long after the redirect");
        assertTrue(listener.unbound);
        assertTrue(listeners.ports().isEmpty());
        assertTrue(ports.upstreamFor(port).isEmpty());
        int second = ports.portFor(NS2).getAsInt();
        assertEquals(port + 1, second, "a never-used port is taken before a freed one");
        assertEquals(port, ports.portFor(NS1).getAsInt(), "then the freed one");
    }

    @Test
    void aRecentRedirectKeepsAnIdleListenerBound() {
        int port = ports.portFor(NS1).getAsInt();
        listeners.ensure(port, NS1);
        executor.runAll();
        clock.advance(GRACE.minusSeconds(10));
        listeners.ensure(port, NS1);
        clock.advance(Duration.ofSeconds(20));
        assertTrue(listeners.sweep().isEmpty(), "the client sent there 20 s ago may still be on its way");
        assertFalse(bound.get(0).unbound);
        clock.advance(GRACE);
        assertEquals(List.of(port), listeners.sweep());
    }

    @Test
    void aPortFreedBetweenRewriteAndBindIsTakenBackOrRefused() {
        int port = ports.portFor(NS1).getAsInt();
        listeners.ensure(port, NS1);
        executor.runAll();
        clock.advance(GRACE.plusSeconds(1));
        listeners.sweep();
        // A session rewrote an XFR to this port just before the sweep freed it: the bind takes it back.
        CompletableFuture<Void> late = listeners.ensure(port, NS1);
        executor.runAll();
        assertFalse(late.isCompletedExceptionally());
        assertEquals(NS1, ports.upstreamFor(port).orElseThrow());
        assertTrue(listeners.ensure(port, NS2).isCompletedExceptionally(), "one port, one server");
    }

    @Test
    void afterCloseNothingIsBoundAndEveryListenerIsUnbound() {
        int port = ports.portFor(NS1).getAsInt();
        listeners.ensure(port, NS1);
        executor.runAll();
        listeners.close();
        assertTrue(bound.get(0).unbound);
        assertTrue(listeners.ensure(ports.portFor(NS2).getAsInt(), NS2).isCompletedExceptionally());
    }
}
