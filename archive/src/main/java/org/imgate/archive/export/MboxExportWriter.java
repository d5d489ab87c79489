package org.imgate.archive.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * All conversations in one {@code export.mbox} file, mboxrd style: each message starts with a
 * {@code From } separator line, lines are LF-terminated, and any body line matching {@code >*From }
 * gets one more {@code >} so that readers can undo the quoting exactly. Memory holds one conversation's
 * message at a time. Not thread-safe.
 */
final class MboxExportWriter extends SingleFileExportWriter {
    static final String FILE_NAME = "export.mbox";
    private static final DateTimeFormatter ASCTIME =
            DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final ConversationMail mail;

    MboxExportWriter(Path dir, ConversationMail mail) {
        super(dir, FILE_NAME);
        this.mail = mail;
    }

    @Override
    public void write(List<ExportedMessage> conversation) throws IOException {
        HashedFile file = file();
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        mail.writeTo(conversation, message);
        ExportedMessage first = conversation.get(0);
        file.write(("From imgate-export@" + first.nodeId() + " " + ASCTIME.format(first.time()) + "\n")
                .getBytes(StandardCharsets.US_ASCII));
        writeQuoted(message.toByteArray(), file);
        file.write('\n');
        conversation.forEach(m -> file.countMessage());
    }

    /** Writes CRLF-separated lines as LF lines, quoting {@code >*From } lines the mboxrd way. */
    static void writeQuoted(byte[] crlfText, java.io.OutputStream out) throws IOException {
        int start = 0;
        while (start < crlfText.length) {
            int end = start;
            while (end < crlfText.length && crlfText[end] != '\n') {
                end++;
            }
            int lineEnd = end > start && crlfText[end - 1] == '\r' ? end - 1 : end;
            if (isFromLine(crlfText, start, lineEnd)) {
                out.write('>');
            }
            out.write(crlfText, start, lineEnd - start);
            out.write('\n');
            start = end + 1;
        }
    }

    private static boolean isFromLine(byte[] b, int start, int end) {
        int i = start;
        while (i < end && b[i] == '>') {
            i++;
        }
        byte[] from = {'F', 'r', 'o', 'm', ' '};
        if (end - i < from.length) {
            return false;
        }
        for (int k = 0; k < from.length; k++) {
            if (b[i + k] != from[k]) {
                return false;
            }
        }
        return true;
    }
}
