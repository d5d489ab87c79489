package org.imgate.archive.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code conversation-NNNNNN.eml} file per conversation, numbered in the order written (conversation
 * ids may hold characters no file system accepts; the id is in the {@code X-Imgate-Conversation}
 * header). Not thread-safe.
 */
final class EmlExportWriter implements ExportWriter {
    private final Path dir;
    private final ConversationMail mail;
    private final List<ExportedFile> files = new ArrayList<>();

    EmlExportWriter(Path dir, ConversationMail mail) {
        this.dir = dir;
        this.mail = mail;
    }

    @Override
    public void write(List<ExportedMessage> conversation) throws IOException {
        String name = String.format("conversation-%06d.eml", files.size() + 1);
        try (HashedFile file = HashedFile.create(dir, name)) {
            mail.writeTo(conversation, file);
            conversation.forEach(m -> file.countMessage());
            files.add(file.finish());
        }
    }

    @Override
    public List<ExportedFile> finish() {
        return List.copyOf(files);
    }

    @Override
    public void close() {
        // each file is closed as soon as its conversation is written
    }
}
