package org.imgate.proxy.relay;

import org.apache.mina.core.buffer.IoBuffer;
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
    private static final class Pipe implements RelayConnection {
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
