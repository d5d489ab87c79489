package org.imgate.server.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.imgate.archive.AuditEntry;
import org.imgate.archive.LegalHold;
import org.imgate.archive.LegalHoldRelease;
import org.imgate.search.journal.IndexFreshness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The command line's end of the admin channel: each call is one connection to the running server,
 * which writes through its journal and answers with the sequence number. Thread-safe (stateless).
 */
public final class AdminClient implements ArchiveWriter {
    private final Path socket;
    private final ObjectMapper json = AdminProtocol.mapper();

    private AdminClient(Path socket) {
        this.socket = socket;
    }

    /**
     * A client for the server running on {@code dataDir}, or empty when none answers there (no
     * socket, or a socket left behind by a server that is gone).
     */
    public static Optional<AdminClient> connectIfRunning(Path dataDir) {
        Path socket = AdminProtocol.socketPath(dataDir);
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            return Optional.of(new AdminClient(socket));
        } catch (IOException gone) {
            return Optional.empty();
        }
    }

    @Override
    public long audit(AuditEntry entry) throws AdminException {
        return seq(call(new AdminProtocol.Request(AdminProtocol.Op.AUDIT, entry, null, null)));
    }

    @Override
    public long placeHold(LegalHold hold) throws AdminException {
        return seq(call(new AdminProtocol.Request(AdminProtocol.Op.PLACE_HOLD, null, hold, null)));
    }

    @Override
    public long releaseHold(LegalHoldRelease release) throws AdminException {
        return seq(call(new AdminProtocol.Request(AdminProtocol.Op.RELEASE_HOLD, null, null, release)));
    }

    @Override
    public Map<String, LegalHold> holds() throws AdminException {
        AdminProtocol.Reply reply = call(new AdminProtocol.Request(AdminProtocol.Op.LIST_HOLDS, null, null, null));
        return reply.holds() == null ? Map.of() : reply.holds();
    }

    /**
     * Asks the server to commit its search index through the journal's last record, so that an index
     * opened afterwards by this process sees everything archived until now; says how far the commit
     * reaches (less far while the server is still rebuilding its index).
     */
    public IndexFreshness commitIndex() throws AdminException {
        AdminProtocol.Reply reply = call(new AdminProtocol.Request(AdminProtocol.Op.COMMIT_INDEX, null, null, null));
        if (reply.indexedThrough() == null || reply.journalThrough() == null) {
            throw new AdminException("the server answered the index commit without the sequence numbers it reached");
        }
        return new IndexFreshness(reply.indexedThrough(), reply.journalThrough());
    }

    private static long seq(AdminProtocol.Reply reply) throws AdminException {
        if (reply.seq() == null) {
            throw new AdminException("the server answered without a sequence number");
        }
        return reply.seq();
    }

    private AdminProtocol.Reply call(AdminProtocol.Request request) throws AdminException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(channel);
            out.write(json.writeValueAsBytes(request));
            out.write('\n');
            out.flush();
            String line = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel),
                    StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new AdminException("the running server at " + socket + " closed the admin channel without"
                        + " answering; see its log");
            }
            AdminProtocol.Reply reply = json.readValue(line, AdminProtocol.Reply.class);
            if (reply.error() != null) {
                throw new AdminException(reply.error());
            }
            return reply;
        } catch (IOException e) {
            throw new AdminException("cannot reach the running server at " + socket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // Nothing held between calls.
    }
}
