package org.imgate.archive.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One export into one directory: refuses a directory that already holds anything (never overwrite
 * evidence), takes the records conversation by conversation, and at the end writes
 * {@code manifest.json} with every file's SHA-256 and the provenance. Only the running totals (count,
 * seq range) are kept between conversations, so memory is bounded by the largest conversation.
 * Not thread-safe: one command drives it.
 */
public final class ArchiveExport implements AutoCloseable {
    private final Path dir;
    private final ExportFormat format;
    private final String nodeId;
    private final ExportWriter writer;
    private long messages;
    private long conversations;
    /** For formats fed in batches: the conversations seen, to count them (ids only, never records). */
    private final Set<String> seenConversations = new HashSet<>();
    private long seqFirst = Long.MAX_VALUE;
    private long seqLast = Long.MIN_VALUE;

    private ArchiveExport(Path dir, ExportFormat format, String nodeId, ExportWriter writer) {
        this.dir = dir;
        this.format = format;
        this.nodeId = nodeId;
        this.writer = writer;
    }

    /**
     * Starts an export of node {@code nodeId}'s records into {@code dir}, creating it if missing.
     *
     * @throws ExportException when {@code dir} is a file, is not empty, or cannot be created
     */
    public static ArchiveExport start(Path dir, ExportFormat format, String nodeId) throws ExportException {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(nodeId, "nodeId");
        requireEmpty(dir);
        return new ArchiveExport(dir, format, nodeId, format.open(dir));
    }

    private static void requireEmpty(Path dir) throws ExportException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ExportException("the export directory " + dir + " is a file; name a new or empty directory");
        }
        try {
            Files.createDirectories(dir);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                if (entries.iterator().hasNext()) {
                    throw new ExportException("the export directory " + dir + " is not empty; exports never"
                            + " overwrite earlier evidence, name a new or empty directory");
                }
            }
        } catch (ExportException e) {
            throw e;
        } catch (IOException e) {
            throw new ExportException("cannot create the export directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes one conversation: its records oldest first (or, for CPIM and JSON, any batch: then
     * only the conversation ids are kept, to count them).
     *
     * @throws IllegalArgumentException when a record is of another node or the list is empty
     */
    public void write(List<ExportedMessage> conversation) throws IOException {
        if (conversation.isEmpty()) {
            throw new IllegalArgumentException("a conversation has at least one message");
        }
        for (ExportedMessage m : conversation) {
            if (!m.nodeId().equals(nodeId)) {
                throw new IllegalArgumentException("seq " + m.seq() + " is from node " + m.nodeId()
                        + ", this export is of node " + nodeId);
            }
            seqFirst = Math.min(seqFirst, m.seq());
            seqLast = Math.max(seqLast, m.seq());
        }
        writer.write(conversation);
        messages += conversation.size();
        if (format.groupsByConversation()) {
            conversations++;
        } else {
            conversation.forEach(m -> seenConversations.add(ConversationText.idOf(m)));
            conversations = seenConversations.size();
        }
    }

    /**
     * Closes the files and writes {@code manifest.json}.
     *
     * @param query       the query whose hits were exported
     * @param toolVersion the running imgate's version
     * @param checkpoint  the journal's newest checkpoint, read before the first record was exported
     * @param coverage    how far into the journal the search that chose the records could see
     * @param clock       the time the manifest names
     */
    public ExportResult finish(String query, String toolVersion, Optional<ExportCheckpoint> checkpoint,
                               ExportCoverage coverage, Clock clock) throws IOException {
        Objects.requireNonNull(coverage, "coverage");
        List<ExportedFile> files = writer.finish();
        boolean any = messages > 0;
        ExportManifest manifest = new ExportManifest("imgate", toolVersion, clock.instant().toString(), query,
                format.name().toLowerCase(Locale.ROOT), nodeId, any ? seqFirst : 0, any ? seqLast : 0, messages,
                conversations, files, checkpoint.orElse(null), coverage);
        byte[] bytes = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(manifest);
        Path file = dir.resolve(ExportManifest.FILE_NAME);
        try {
            Files.write(file, bytes, java.nio.file.StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw new ExportException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return new ExportResult(dir, manifest, HexFormat.of().formatHex(HashedFile.sha256().digest(bytes)));
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
