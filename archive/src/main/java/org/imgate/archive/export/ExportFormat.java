package org.imgate.archive.export;

import java.nio.file.Path;

/** The formats {@code imgate export --format} writes; {@link #open} makes the writer for one export. */
public enum ExportFormat {
    /** One RFC 5322 message per conversation, one {@code .eml} file each. */
    EML,
    /** The same messages in one mboxrd file. */
    MBOX,
    /** One RFC 3862 {@code Message/CPIM} file per archived message. */
    CPIM,
    /** One JSON object per archived message per line, the fields of {@code search --json}. */
    JSON;

    /** The writer for this format into the (empty) directory {@code dir}. */
    public ExportWriter open(Path dir) {
        return switch (this) {
            case EML -> new EmlExportWriter(dir, new ConversationMail());
            case MBOX -> new MboxExportWriter(dir, new ConversationMail());
            case CPIM -> new CpimExportWriter(dir);
            case JSON -> new JsonLinesExportWriter(dir);
        };
    }

    /** Whether the writer needs each conversation's messages together (else any grouping will do). */
    public boolean groupsByConversation() {
        return this == EML || this == MBOX;
    }
}
