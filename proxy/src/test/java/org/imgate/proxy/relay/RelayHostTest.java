package org.imgate.proxy.relay;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.session.IoSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A relay host over real loopback sockets: an echo server upstream, plain sockets as clients. */
class RelayHostTest {

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void bothLegsOfAConnectionAreServedByOneIoThreadAndConnectionsAreSpreadOverThreads() throws Exception {
        InetSocketAddress echo = startEchoServer();
        List<Pipe> pipes = new CopyOnWriteArrayList<>();
        RelayHost host = new RelayHost("test", (client, relay) -> {
            Pipe pipe = new Pipe(client);
            pipes.add(pipe);
            relay.connect(echo, pipe, client);
            return pipe;
        }, Duration.ofSeconds(5));
        resources.add(host);
        InetSocketAddress proxy = host.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

        int connections = 2 * (Runtime.getRuntime().availableProcessors() + 1);
        for (int i = 0; i < connections; i++) {
            try (Socket socket = new Socket(proxy.getAddress(), proxy.getPort())) {
                socket.setSoTimeout(5_000);
                OutputStream out = socket.getOutputStream();
                out.write(("hello " + i + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                assertEquals("hello " + i, in.readLine(), "relayed both ways");
            }
        }

        Set<String> clientThreads = new HashSet<>();
        for (Pipe pipe : pipes) {
            String clientThread = pipe.readOn.get(Side.CLIENT);
            assertEquals(clientThread, pipe.readOn.get(Side.UPSTREAM),
                    "the upstream leg is read on the thread that reads its client leg");
            clientThreads.add(clientThread);
        }
        assertEquals(connections, pipes.size());
        assertTrue(clientThreads.size() > 1, "connections go to more than one I/O thread: " + clientThreads);
    }

    @Test
    void aWriteFromAnotherThreadLeavesAtOnceWhileTheLegsIoThreadIsBusy() throws Exception {
        CountDownLatch ioThreadHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<IoSession> clientLeg = new CompletableFuture<>();
        RelayHost host = new RelayHost("test", (client, relay) -> {
            clientLeg.complete(client);
            return new Pipe(client) {
                @Override
                public void received(Side side, byte[] data) {
                    // the leg's I/O thread is busy (as with a burst of other sessions' traffic) until released
                    ioThreadHeld.countDown();
                    await(release);
                }
            };
        }, Duration.ofSeconds(5));
        resources.add(host);
        resources.add(release::countDown);
        InetSocketAddress proxy = host.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

        try (Socket socket = new Socket(proxy.getAddress(), proxy.getPort())) {
            socket.setSoTimeout(3_000);
            socket.getOutputStream().write("busy\n".getBytes(StandardCharsets.UTF_8));
            assertTrue(ioThreadHeld.await(5, TimeUnit.SECONDS), "the I/O thread took the client's bytes");

            WriteFuture written = clientLeg.get(5, TimeUnit.SECONDS)
                    .write(IoBuffer.wrap("archived\n".getBytes(StandardCharsets.UTF_8)));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("archived", in.readLine(), "written by the writing thread, not left for the busy I/O thread");
            assertTrue(written.isWritten(), "the write is reported done");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private InetSocketAddress startEchoServer() throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        resources.add(server);
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread echo = new Thread(() -> echo(socket), "echo");
                    echo.setDaemon(true);
                    echo.start();
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "echo-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    private static void echo(Socket socket) {
        try (socket) {
            byte[] buffer = new byte[1024];
            for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
                socket.getOutputStream().write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the relay closed the connection
        }
    }

    /** Relays bytes unchanged and notes which thread read each leg. */
    private static class Pipe implements RelayConnection {
        private final IoSession client;
        private final CompletableFuture<IoSession> upstream = new CompletableFuture<>();
        final Map<Side, String> readOn = new ConcurrentHashMap<>();

        Pipe(IoSession client) {
            this.client = client;
        }

        @Override
        public String id() {
            return "pipe-" + client.getId();
        }

        @Override
        public void received(Side side, byte[] data) {
            readOn.put(side, Thread.currentThread().getName());
            if (side == Side.CLIENT) {
                upstream.thenAccept(up -> up.write(IoBuffer.wrap(data)));
            } else {
                client.write(IoBuffer.wrap(data));
            }
        }

        @Override
        public void upstreamConnected(IoSession session) {
            upstream.complete(session);
        }

        @Override
        public void upstreamConnectFailed(Throwable cause) {
            upstream.completeExceptionally(cause);
            client.closeNow();
        }

        @Override
        public void secured(Side side) {
        }

        @Override
        public void failed(Side side, Throwable cause) {
        }

        @Override
        public void closed(Side side) {
            if (side == Side.CLIENT) {
                upstream.thenAccept(IoSession::closeNow);
            } else {
                client.closeNow();
            }
        }

        @Override
        public void shuttingDown() {
            client.closeNow();
        }
    }
}
