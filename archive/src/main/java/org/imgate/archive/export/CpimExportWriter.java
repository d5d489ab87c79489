package org.imgate.archive.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code message-<seq>.cpim} file per archived message in RFC 3862 form: the MIME header
 * {@code Content-Type: Message/CPIM}, a blank line, the CPIM headers (From, To, DateTime, Subject, and
 * the record's journal facts in the {@code imgate.} name space declared with {@code NS}), a blank line,
 * then the inner {@code text/plain; charset=utf-8} message. Lines end in CRLF. Not thread-safe.
 */
final class CpimExportWriter implements ExportWriter {
    /** The name space URI of imgate's CPIM header extensions. */
    static final String NAMESPACE = "urn:x-imgate:export:1";

    private final Path dir;
    private final List<ExportedFile> files = new ArrayList<>();

    CpimExportWriter(Path dir) {
        this.dir = dir;
    }

    @Override
    public void write(List<ExportedMessage> conversation) throws IOException {
        for (ExportedMessage m : conversation) {
            try (HashedFile file = HashedFile.create(dir, "message-" + m.seq() + ".cpim")) {
                file.write(render(m).getBytes(StandardCharsets.UTF_8));
                file.countMessage();
                files.add(file.finish());
            }
        }
    }

    static String render(ExportedMessage m) {
        StringBuilder b = new StringBuilder();
        line(b, "Content-Type", "Message/CPIM");
        b.append("\r\n");
        if (m.from() != null) {
            line(b, "From", uri(m.from()));
        }
        for (String to : m.to()) {
            line(b, "To", uri(to));
        }
        line(b, "DateTime", m.time().toString());
        line(b, "Subject", "IM " + m.kind() + " in " + ConversationText.idOf(m));
        line(b, "NS", "imgate <" + NAMESPACE + ">");
        line(b, "imgate.Node", m.nodeId());
        line(b, "imgate.Seq", Long.toString(m.seq()));
        line(b, "imgate.Network", m.network());
        if (m.conversation() != null) {
            line(b, "imgate.Conversation", m.conversation());
        }
        line(b, "imgate.Action", m.action());
        if (!m.rules().isEmpty()) {
            line(b, "imgate.Rules", String.join(",", m.rules()));
        }
        b.append("\r\n");
        line(b, "Content-Type", "text/plain; charset=utf-8");
        b.append("\r\n");
        b.append(ConversationText.content(m).replace("\r\n", "\n").replace("\n", "\r\n"));
        return b.toString();
    }

    /** RFC 3862 headers are single lines; a line break in a value would start a forged header. */
    private static void line(StringBuilder b, String name, String value) {
        b.append(name).append(": ").append(value.replace('\r', ' ').replace('\n', ' ')).append("\r\n");
    }

    private static String uri(String handle) {
        return "<im:" + handle.replace(">", "%3E") + ">";
    }

    @Override
    public List<ExportedFile> finish() {
        return List.copyOf(files);
    }

    @Override
    public void close() {
        // each file is closed as soon as its message is written
    }
}
