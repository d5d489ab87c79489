package org.imgate.proxy.relay;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.session.AbstractIoSession;
import org.apache.mina.core.session.DummySession;
import org.apache.mina.core.write.DefaultWriteRequest;
import org.apache.mina.core.write.WriteRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rules that keep a leg's bytes in order when writers may write to the socket themselves, over a real
 * loopback connection. The test plays MINA's I/O thread by calling {@link LegWriteQueue#poll} as its flush does.
 */
class LegWriteQueueTest {

    private final LegWriteQueue queue = new LegWriteQueue();
    private final AbstractIoSession session = new DummySession();
    /** Bytes the peer was sent but the test has not looked at yet (see {@link #readAvailable}). */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private ServerSocketChannel server;
    private SocketChannel leg;
    private SocketChannel peer;

    @BeforeEach
    void connect() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        leg = SocketChannel.open(server.getLocalAddress());
        leg.configureBlocking(false); // as MINA's channels are
        peer = server.accept();
        peer.configureBlocking(false);
    }

    @AfterEach
    void close() throws IOException {
        leg.close();
        peer.close();
        server.close();
    }

    @Test
    void anIdleLegIsWrittenOnTheCallersThread() throws IOException {
        assertEquals(LegWriteQueue.Outcome.SENT, queue.writeNow(session, request("hello"), leg));
        assertTrue(queue.isEmpty(session), "nothing left for the I/O thread");
        assertEquals("hello", text(readAvailable(5)));
    }

    @Test
    void aRequestTheIoThreadHoldsIsNeverOvertakenEvenWithTheQueueEmpty() throws IOException {
        WriteRequest first = request("first");
        queue.offer(session, first);
        assertSame(first, queue.poll(session)); // the I/O thread took it and is writing it
        assertTrue(queue.isEmpty(session));

        WriteRequest second = request("second");
        assertEquals(LegWriteQueue.Outcome.QUEUED, queue.writeNow(session, second, leg),
                "queued behind the request the I/O thread holds");
        assertEquals(0, readAvailable(0).length, "nothing written past it");

        writeAll(first); // the I/O thread finishes the first, then takes the second
        assertSame(second, queue.poll(session));
        writeAll(second);
        assertNull(queue.poll(session)); // and finds nothing more: the leg is idle again

        assertEquals(LegWriteQueue.Outcome.SENT, queue.writeNow(session, request("third"), leg));
        assertEquals("firstsecondthird", text(readAvailable(16)));
    }

    @Test
    void whatTheSocketDoesNotTakeIsQueuedAndLaterWritesWaitBehindIt() throws IOException {
        byte[] large = new byte[32 * 1024 * 1024]; // more than loopback's socket buffers hold unread
        Arrays.fill(large, (byte) 'L');
        WriteRequest big = new DefaultWriteRequest(IoBuffer.wrap(large));
        assertEquals(LegWriteQueue.Outcome.QUEUED, queue.writeNow(session, big, leg), "the socket took only part");
        long taken = session.getWrittenBytes();
        assertTrue(taken > 0 && taken < large.length, "written in part: " + taken);

        ByteArrayOutputStream received = new ByteArrayOutputStream();
        received.write(readAvailable(0)); // the reader drains the socket: it has room again
        WriteRequest after = request("after");
        assertEquals(LegWriteQueue.Outcome.QUEUED, queue.writeNow(session, after, leg),
                "a later write waits behind the rest of the large one, though the socket has room");

        assertSame(big, queue.poll(session));
        writeAll(big, received);
        assertSame(after, queue.poll(session));
        writeAll(after, received);
        assertNull(queue.poll(session));
        received.write(readAvailable(Math.max(0, large.length + 5 - received.size())));

        byte[] expected = Arrays.copyOf(large, large.length + 5);
        System.arraycopy("after".getBytes(StandardCharsets.US_ASCII), 0, expected, large.length, 5);
        assertArrayEquals(expected, received.toByteArray(), "the large write whole, then the later one");
    }

    @Test
    void aClosingLegIsNotWrittenTo() throws IOException {
        session.closeNow();
        assertEquals(LegWriteQueue.Outcome.QUEUED, queue.writeNow(session, request("late"), leg));
        assertEquals(0, readAvailable(0).length);
    }

    @Test
    void aWriteTheSocketRefusesIsLeftWholeForTheIoThreadWhichMeetsTheSameError() throws IOException {
        peer.setOption(StandardSocketOptions.SO_LINGER, 0);
        peer.close(); // a reset, as from a client that vanished
        awaitReset();
        WriteRequest refused = request("to a dead socket");
        assertEquals(LegWriteQueue.Outcome.QUEUED, queue.writeNow(session, refused, leg),
                "the writing thread neither throws nor runs the failure handling itself");
        assertSame(refused, queue.poll(session), "the I/O thread gets the request to fail it MINA's way");
        assertEquals(0, ((IoBuffer) refused.getMessage()).position(), "whole: nothing of it was taken");
        assertThrows(IOException.class, () -> leg.write(((IoBuffer) refused.getMessage()).buf()),
                "the I/O thread's write fails too, so MINA reports the error to the handler");
    }

    /** Reads the leg until the peer's reset shows (the read reports it; the socket stays unwritable). */
    private void awaitReset() {
        ByteBuffer sink = ByteBuffer.allocate(16);
        long deadline = System.nanoTime() + 5_000_000_000L;
        try {
            while (leg.read(sink) >= 0 && System.nanoTime() < deadline) {
                sink.clear();
                Thread.onSpinWait();
            }
        } catch (IOException reset) {
            return;
        }
    }

    private static WriteRequest request(String text) {
        return new DefaultWriteRequest(IoBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    /** Writes what is left of {@code request}, as MINA's I/O thread would, discarding what the peer reads. */
    private void writeAll(WriteRequest request) throws IOException {
        writeAll(request, null);
    }

    /** Writes what is left of {@code request}, draining the peer into {@code received} whenever the socket is full. */
    private void writeAll(WriteRequest request, ByteArrayOutputStream received) throws IOException {
        ByteBuffer buffer = ((IoBuffer) request.getMessage()).buf();
        ByteArrayOutputStream sink = received != null ? received : pending;
        while (buffer.hasRemaining()) {
            if (leg.write(buffer) == 0) {
                sink.write(readAvailable(0));
            }
        }
    }

    /** What the peer can read now, waiting up to 5 s for at least {@code atLeast} bytes in all. */
    private byte[] readAvailable(int atLeast) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        long deadline = System.nanoTime() + 5_000_000_000L;
        do {
            chunk.clear();
            int n = peer.read(chunk);
            if (n > 0) {
                pending.write(chunk.array(), 0, n);
            } else if (pending.size() < atLeast) {
                Thread.onSpinWait();
            }
        } while (pending.size() < atLeast && System.nanoTime() < deadline);
        // a last look, so that bytes in flight on loopback are not missed
        chunk.clear();
        for (int n; (n = peer.read(chunk)) > 0; chunk.clear()) {
            pending.write(chunk.array(), 0, n);
        }
        byte[] all = pending.toByteArray();
        pending.reset();
        return all;
    }
}
