package org.imgate.server.admin;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.imgate.archive.AuditEntry;
import org.imgate.archive.LegalHold;
import org.imgate.archive.LegalHoldRelease;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin channel's handling of what clients send it, short of a journal behind it. */
class AdminServerTest {

    @TempDir
    Path dataDir;

    private final Logger logger = (Logger) LoggerFactory.getLogger(AdminServer.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final AtomicReference<String> auditedBy = new AtomicReference<>();
    private AdminServer server;

    /** Records the actor of an audit entry; nothing else is asked of it here. */
    private final ArchiveWriter writer = new ArchiveWriter() {
        @Override
        public long audit(AuditEntry entry) {
            auditedBy.set(entry.actor());
            return 42;
        }

        @Override
        public long placeHold(LegalHold hold) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long releaseHold(LegalHoldRelease release) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, LegalHold> holds() {
            return Map.of();
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start() throws Exception {
        logged.start();
        logger.addAppender(logged);
        logger.setLevel(Level.DEBUG);
        server = AdminServer.start(dataDir, writer, () -> {
            throw new UnsupportedOperationException();
        });
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        logger.detachAppender(logged);
        logger.setLevel(null);
    }

    @Test
    void aClientThatOnlyLooksWhetherTheServerRunsCausesNoWarning() throws Exception {
        assertTrue(AdminClient.connectIfRunning(dataDir).isPresent());
        // a real request after the probe, so the probe's connection has certainly been served
        try (AdminClient client = AdminClient.connectIfRunning(dataDir).orElseThrow()) {
            assertEquals(42, client.audit(new AuditEntry("ignored", "search", Map.of(), Instant.now())));
        }
        assertEquals(System.getProperty("user.name"), auditedBy.get(), "the actor is the socket's peer");
        assertTrue(logged.list.stream().noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN)),
                "no warning for a probe: " + logged.list);
        assertTrue(logged.list.stream().anyMatch(e -> e.getFormattedMessage().endsWith("left without a request")),
                String.valueOf(logged.list));
    }

    @Test
    void anEmptyRequestLineGetsAnError() throws Exception {
        try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            client.connect(UnixDomainSocketAddress.of(AdminProtocol.socketPath(dataDir)));
            client.write(ByteBuffer.wrap("\n".getBytes(StandardCharsets.UTF_8)));
            String reply = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                    StandardCharsets.UTF_8)).readLine();
            assertTrue(reply.contains("empty or oversized request"), reply);
        }
    }
}
