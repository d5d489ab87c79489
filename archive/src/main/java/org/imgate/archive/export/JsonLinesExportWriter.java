package org.imgate.archive.export;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code messages.jsonl}: one JSON object per archived message per line, with the field names of
 * {@code imgate search --json} (seq, node, time, kind, network, session, conversation, from,
 * fromEmployee, to[], direction, body, file, encryption, action, notice, rules[], client,
 * clientVersion). Streams straight to the file. Not thread-safe.
 */
final class JsonLinesExportWriter extends SingleFileExportWriter {
    static final String FILE_NAME = "messages.jsonl";
    private static final JsonFactory JSON = new JsonFactory();

    JsonLinesExportWriter(Path dir) {
        super(dir, FILE_NAME);
    }

    @Override
    public void write(List<ExportedMessage> conversation) throws IOException {
        HashedFile file = file();
        for (ExportedMessage m : conversation) {
            try (JsonGenerator g = JSON.createGenerator(file, JsonEncoding.UTF8)) {
                g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                write(m, g);
            }
            file.write('\n');
            file.countMessage();
        }
    }

    private static void write(ExportedMessage m, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("seq", m.seq());
        g.writeStringField("node", m.nodeId());
        g.writeStringField("time", m.time().toString());
        g.writeStringField("kind", m.kind());
        g.writeStringField("network", m.network());
        g.writeStringField("session", m.session());
        g.writeStringField("conversation", m.conversation());
        g.writeStringField("from", m.from());
        g.writeStringField("fromEmployee", m.fromEmployee());
        g.writeArrayFieldStart("to");
        for (String to : m.to()) {
            g.writeString(to);
        }
        g.writeEndArray();
        g.writeStringField("direction", m.direction());
        g.writeStringField("body", m.body());
        g.writeStringField("file", m.fileName());
        g.writeStringField("encryption", m.encryption());
        g.writeStringField("action", m.action());
        g.writeStringField("notice", m.notice());
        g.writeArrayFieldStart("rules");
        for (String rule : m.rules()) {
            g.writeString(rule);
        }
        g.writeEndArray();
        g.writeStringField("policy", m.policyVersion());
        g.writeStringField("client", m.client());
        g.writeStringField("clientVersion", m.clientVersion());
        g.writeEndObject();
    }
}
