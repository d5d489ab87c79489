package org.imgate.proxy.relay;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.AbstractIoSession;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.core.write.WriteRequest;
import org.apache.mina.core.write.WriteRequestQueue;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One relay leg's write queue, which also lets a write bypass it: when MINA's I/O thread holds nothing for the
 * session (the queue is empty and the thread is not in the middle of a request), the writing thread puts the
 * bytes on the socket itself ({@link #writeNow}) instead of queueing them and waking the I/O thread to do it.
 * A message archived on the journal's thread then leaves on that thread, without a second thread having to
 * wake and wait for a core (ADR 0021). Whatever the socket does not take at once is queued, and from then on
 * every write queues behind it until the I/O thread has written it all, so bytes leave in the order written.
 *
 * <p>Exclusion: writers (direct writes and every {@link #offer}, MINA's included) hold this object's lock;
 * MINA's I/O thread takes requests with {@link #poll} without it. A writer may write directly only if the
 * queue is empty <em>and</em> the I/O thread is not holding a request it took: {@link #poll} raises that flag
 * before it takes a request and lowers it only when it finds the queue empty, which MINA's flush does after
 * the last request is fully written. A writer reads the queue first and the flag second, so a request taken
 * by the I/O thread is always seen in one or the other.
 *
 * <p>Thread-safe.
 */
final class LegWriteQueue implements WriteRequestQueue {

    /** What became of a write handed to {@link #writeNow}. */
    enum Outcome {
        /** Every byte is on the socket: the caller reports the request as sent. */
        SENT,
        /** Queued (in whole or the rest of it): the caller has MINA's I/O thread flush the session. */
        QUEUED
    }

    private final Queue<WriteRequest> requests = new ConcurrentLinkedQueue<>();
    /** True while the I/O thread may hold a request it took from this queue and has not finished writing. */
    private volatile boolean ioThreadWriting;

    /**
     * Writes {@code request} to {@code channel} now if nothing is queued or being written before it; queues it
     * (or what the socket did not take) otherwise.
     *
     * <p>A socket that fails is not dealt with here: the request is queued untouched and MINA's I/O thread, asked
     * to flush it, meets the same dead socket and handles it as it always has (the write fails, the handler
     * hears why and closes the session). So the failure reaches the handler on the leg's own thread, and the
     * writing thread (the journal's, which must never wait for a session's lock) never runs the handler.
     */
    Outcome writeNow(AbstractIoSession session, WriteRequest request, SocketChannel channel) {
        synchronized (this) {
            if (!(request.getMessage() instanceof IoBuffer buffer) || !buffer.hasRemaining()
                    || !requests.isEmpty() || ioThreadWriting
                    || session.isClosing() || session.isWriteSuspended()) {
                requests.add(request);
                return Outcome.QUEUED;
            }
            int written;
            try {
                written = channel.write(buffer.buf());
            } catch (IOException e) {
                requests.add(request); // a failed write takes no bytes: the I/O thread retries it whole and fails
                return Outcome.QUEUED;
            }
            session.increaseWrittenBytes(written, System.currentTimeMillis());
            if (buffer.hasRemaining()) {
                requests.add(request); // the socket's buffer is full: MINA writes the rest when it drains
                return Outcome.QUEUED;
            }
            return Outcome.SENT;
        }
    }

    @Override
    public synchronized void offer(IoSession session, WriteRequest request) {
        requests.add(request);
    }

    /** Called by MINA's I/O thread only (its flush, and the clean-up of a closed session). */
    @Override
    public WriteRequest poll(IoSession session) {
        ioThreadWriting = true; // before taking: an empty queue must never hide a request being written
        WriteRequest request = requests.poll();
        if (request == AbstractIoSession.CLOSE_REQUEST) {
            // closeOnFlush(): everything queued before it is written; close now, write nothing after it
            session.closeNow();
            dispose(session);
            request = null;
        }
        if (request == null) {
            ioThreadWriting = false;
        }
        return request;
    }

    @Override
    public boolean isEmpty(IoSession session) {
        return requests.isEmpty();
    }

    @Override
    public synchronized void clear(IoSession session) {
        requests.clear();
    }

    @Override
    public void dispose(IoSession session) {
        // nothing held beyond the queue itself
    }

    @Override
    public int size() {
        return requests.size();
    }
}
