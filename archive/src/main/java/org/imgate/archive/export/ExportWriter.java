package org.imgate.archive.export;

import java.io.IOException;
import java.util.List;

/**
 * Writes one export, fed one conversation at a time so that memory is bounded by the largest single
 * conversation, never by the size of the export. Each call's messages are oldest first and
 * belong to one conversation (or, for formats that do not group, to any one batch). Not thread-safe.
 */
public interface ExportWriter extends AutoCloseable {

    /** Writes one conversation's messages (oldest first, at least one). */
    void write(List<ExportedMessage> conversation) throws IOException;

    /** Flushes and closes every file, then describes what was written: name, SHA-256, size, count. */
    List<ExportedFile> finish() throws IOException;

    /** Releases open files after a failure; a no-op after {@link #finish}. */
    @Override
    void close() throws IOException;
}
