package org.imgate.proxy.relay;

import org.apache.mina.core.service.IoProcessor;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.DefaultIoSessionDataStructureFactory;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.session.IoSessionAttributeMap;
import org.apache.mina.core.session.IoSessionDataStructureFactory;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.core.write.WriteRequestQueue;
import org.apache.mina.transport.socket.nio.NioProcessor;
import org.apache.mina.transport.socket.nio.NioSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.Channel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The I/O threads of one {@link RelayHost}: a fixed set of MINA {@link NioProcessor}s, each one thread with its
 * own selector, that places both legs of a relayed connection on the same thread. A session that names a
 * partner ({@link #placeBeside}) before MINA adds it (an upstream leg, named in the connector's session
 * initializer) joins its partner's processor; any other session (a client leg) goes to the next processor in
 * turn.
 *
 * <p>Why: a relay reads on one leg and writes what it read to the other. MINA's own pool picks a processor by
 * session id, so the two legs of a connection usually landed on different threads, and every relayed frame
 * then woke a second I/O thread that had to wait for a core before it could write. On a host short of cores
 * that wait is a large part of a message's delay; on one thread the write is done in the same pass.
 *
 * <p>For the same reason a write made on any other thread (a message the journal has just made durable) goes
 * straight to the socket when the leg has nothing queued, instead of waking the leg's thread to do it
 * ({@link LegWriteQueue}, ADR 0021; the host's acceptor and connector make their sessions' queues with
 * {@link #sessionData()}).
 *
 * <p>Thread-safe, as MINA requires of a processor.
 */
final class LegProcessors implements IoProcessor<NioSession> {

    private static final Logger LOG = LoggerFactory.getLogger(LegProcessors.class);
    private static final AttributeKey PROCESSOR = new AttributeKey(LegProcessors.class, "processor");
    private static final AttributeKey PARTNER = new AttributeKey(LegProcessors.class, "partner");
    private static final VarHandle CHANNEL = channelHandle();

    private final NioProcessor[] processors;
    private final AtomicInteger next = new AtomicInteger();
    private final Object disposal = new Object();
    private volatile boolean disposing;
    private volatile boolean disposed;

    /** @param threads how many processors (I/O threads); each takes its thread from {@code executor} */
    LegProcessors(Executor executor, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("at least one I/O thread is needed, got " + threads);
        }
        processors = new NioProcessor[threads];
        try {
            for (int i = 0; i < threads; i++) {
                processors[i] = new NioProcessor(executor);
            }
        } catch (RuntimeException e) {
            // a selector that cannot be opened: release the ones that were
            for (NioProcessor processor : processors) {
                if (processor != null) {
                    processor.dispose();
                }
            }
            throw e;
        }
    }

    /**
     * Asks that {@code session}, not yet added to a processor, be served by the thread that serves
     * {@code partner}. Call it before MINA adds the session (in a connector's session initializer).
     */
    static void placeBeside(IoSession session, IoSession partner) {
        session.setAttribute(PARTNER, partner);
    }

    /** The index of the processor serving {@code session}, or -1 if it has none yet. */
    private static int processorOf(IoSession session) {
        Integer index = (Integer) session.getAttribute(PROCESSOR);
        return index == null ? -1 : index;
    }

    @Override
    public void add(NioSession session) {
        processor(session).add(session);
    }

    @Override
    public void flush(NioSession session) {
        processor(session).flush(session);
    }

    /**
     * Writes on the calling thread when the leg has nothing queued ({@link LegWriteQueue}), else queues the
     * request and has the leg's I/O thread flush it. MINA's head filter calls this only while the session's
     * queue looked empty and writes are not suspended.
     */
    @Override
    public void write(NioSession session, WriteRequest writeRequest) {
        if (!(session.getWriteRequestQueue() instanceof LegWriteQueue queue)) {
            processor(session).write(session, writeRequest);
            return;
        }
        if (queue.writeNow(session, writeRequest, channel(session)) == LegWriteQueue.Outcome.SENT) {
            session.getFilterChain().fireMessageSent(writeRequest);
        } else {
            processor(session).flush(session);
        }
    }

    @Override
    public void updateTrafficControl(NioSession session) {
        processor(session).updateTrafficControl(session);
    }

    @Override
    public void remove(NioSession session) {
        processor(session).remove(session);
    }

    /** Session data for the host's acceptor and connector: MINA's attribute map, and a {@link LegWriteQueue}. */
    static IoSessionDataStructureFactory sessionData() {
        return new IoSessionDataStructureFactory() {
            private final IoSessionDataStructureFactory defaults = new DefaultIoSessionDataStructureFactory();

            @Override
            public IoSessionAttributeMap getAttributeMap(IoSession session) throws Exception {
                return defaults.getAttributeMap(session);
            }

            @Override
            public WriteRequestQueue getWriteRequestQueue(IoSession session) {
                return new LegWriteQueue();
            }
        };
    }

    private static SocketChannel channel(NioSession session) {
        return (SocketChannel) CHANNEL.get(session);
    }

    private static VarHandle channelHandle() {
        try {
            // MINA keeps a session's channel to itself (NioSession.getChannel() is package-private)
            return MethodHandles.privateLookupIn(NioSession.class, MethodHandles.lookup())
                    .findVarHandle(NioSession.class, "channel", Channel.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError("MINA's NioSession has no channel field to write to: " + e);
        }
    }

    private NioProcessor processor(NioSession session) {
        Integer index = (Integer) session.getAttribute(PROCESSOR);
        if (index == null) {
            index = place(session);
        }
        return processors[index];
    }

    private int place(NioSession session) {
        if (disposing) {
            throw new IllegalStateException("the I/O threads are stopped");
        }
        IoSession partner = (IoSession) session.removeAttribute(PARTNER);
        int index = partner == null ? -1 : processorOf(partner);
        if (index < 0) {
            index = Math.floorMod(next.getAndIncrement(), processors.length);
        }
        Object raced = session.setAttributeIfAbsent(PROCESSOR, index);
        return raced == null ? index : (Integer) raced;
    }

    @Override
    public boolean isDisposing() {
        return disposing;
    }

    @Override
    public boolean isDisposed() {
        return disposed;
    }

    @Override
    public void dispose() {
        synchronized (disposal) {
            if (disposing) {
                return;
            }
            disposing = true;
            for (NioProcessor processor : processors) {
                try {
                    processor.dispose();
                } catch (RuntimeException e) {
                    LOG.warn("an I/O thread failed to stop: {}", e.toString());
                }
            }
            disposed = true;
        }
    }
}
