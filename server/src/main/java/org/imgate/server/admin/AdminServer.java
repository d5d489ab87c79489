package org.imgate.server.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.imgate.archive.AuditEntry;
import org.imgate.archive.LegalHold;
import org.imgate.archive.LegalHoldRelease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The running server's end of the admin channel: a Unix-domain socket at
 * {@code data/state/admin/admin.sock}, in a directory only the server's user may enter, so only that
 * user (and root) can reach it; nothing listens on the network. Each connection carries one
 * {@link AdminProtocol.Request}, which is carried out through the server's own journal writer, and
 * gets one {@link AdminProtocol.Reply}. Who asked is taken from the socket's peer credentials, not
 * from the request, and recorded as the actor.
 *
 * <p>Thread-safe. One thread accepts; a small bounded pool serves requests.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    private final ServerSocketChannel server;
    private final Path socket;
    private final ArchiveWriter writer;
    private final IndexCommitter index;
    private final ObjectMapper json = AdminProtocol.mapper();
    private final ExecutorService workers = new ThreadPoolExecutor(1, 4, 30, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(16), runnable -> daemon(runnable, "imgate-admin"));
    private final Thread acceptor;

    private AdminServer(ServerSocketChannel server, Path socket, ArchiveWriter writer, IndexCommitter index) {
        this.server = server;
        this.socket = socket;
        this.writer = writer;
        this.index = index;
        this.acceptor = daemon(this::acceptLoop, "imgate-admin-accept");
    }

    /**
     * Binds the admin socket of {@code dataDir} and starts serving requests: journal writes through
     * {@code writer}, index commits through {@code index}.
     */
    public static AdminServer start(Path dataDir, ArchiveWriter writer, IndexCommitter index) throws IOException {
        Path socket = AdminProtocol.socketPath(dataDir);
        Path dir = socket.getParent();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        // A socket file left by a server that died; the journal lock already proved none runs now.
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw new IOException("cannot open the admin socket " + socket + ": " + e.getMessage(), e);
        }
        AdminServer admin = new AdminServer(server, socket, writer, index);
        admin.acceptor.start();
        LOG.info("admin channel listening on {}", socket);
        return admin;
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                LOG.error("admin channel: accept failed: {}", e.getMessage(), e);
                return;
            }
            try {
                workers.execute(() -> serve(client));
            } catch (RejectedExecutionException busy) {
                LOG.warn("admin channel busy; refusing a request");
                reply(client, AdminProtocol.Reply.ofError("the server is busy with other admin requests; try again"));
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client) {
            String caller = caller(client);
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                    StandardCharsets.UTF_8), 8192);
            int first = in.read();
            if (first == -1) {
                // AdminClient.connectIfRunning connects and leaves to see whether a server runs: no request,
                // nobody to answer, nothing to warn about.
                LOG.debug("admin channel: {} connected and left without a request", caller);
                return;
            }
            String line = readBoundedLine(first, in);
            AdminProtocol.Reply reply;
            if (line == null) {
                reply = AdminProtocol.Reply.ofError("empty or oversized request");
            } else {
                reply = handle(json.readValue(line, AdminProtocol.Request.class), caller);
            }
            reply(client, reply);
        } catch (IOException | RuntimeException e) {
            LOG.warn("admin channel: a request failed: {}", e.getMessage());
        }
    }

    private AdminProtocol.Reply handle(AdminProtocol.Request request, String caller) {
        try {
            return switch (request.op()) {
                case AUDIT -> {
                    AuditEntry entry = request.audit();
                    yield AdminProtocol.Reply.ofSeq(writer.audit(
                            new AuditEntry(caller, entry.action(), entry.details(), entry.time())));
                }
                case PLACE_HOLD -> {
                    LegalHold hold = request.hold();
                    yield AdminProtocol.Reply.ofSeq(writer.placeHold(new LegalHold(hold.id(), hold.handle(),
                            hold.from(), hold.until(), hold.reason(), caller)));
                }
                case RELEASE_HOLD -> AdminProtocol.Reply.ofSeq(writer.releaseHold(new LegalHoldRelease(
                        request.release().holdId(), caller, request.release().reason())));
                case LIST_HOLDS -> AdminProtocol.Reply.ofHolds(writer.holds());
                case COMMIT_INDEX -> AdminProtocol.Reply.ofIndex(index.commitCurrent());
            };
        } catch (AdminException e) {
            return AdminProtocol.Reply.ofError(e.getMessage());
        } catch (IOException e) {
            LOG.error("admin channel: committing the search index failed", e);
            return AdminProtocol.Reply.ofError("the server could not commit its search index: " + e.getMessage()
                    + "; see its log");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AdminProtocol.Reply.ofError("the server is shutting down");
        } catch (RuntimeException e) {
            return AdminProtocol.Reply.ofError("invalid request: " + e.getMessage());
        }
    }

    /** The operating-system user on the other end of the socket, as the kernel reports it. */
    private static String caller(SocketChannel client) throws IOException {
        UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
        return peer.user().getName();
    }

    /** The line that starts with the character {@code first}; null when empty or over the limit. */
    private static String readBoundedLine(int first, BufferedReader in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = first; c != -1 && c != '\n'; c = in.read()) {
            if (line.length() >= AdminProtocol.MAX_LINE) {
                return null;
            }
            line.append((char) c);
        }
        return line.length() == 0 ? null : line.toString();
    }

    private void reply(SocketChannel client, AdminProtocol.Reply reply) {
        try {
            OutputStream out = Channels.newOutputStream(client);
            out.write(json.writeValueAsBytes(reply));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            LOG.warn("admin channel: could not answer a client: {}", e.getMessage());
        }
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        acceptor.join(TimeUnit.SECONDS.toMillis(5));
        workers.shutdown();
        if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("admin channel: requests still running at shutdown");
        }
        Files.deleteIfExists(socket);
    }
}
