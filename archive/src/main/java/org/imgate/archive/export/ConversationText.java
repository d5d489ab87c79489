package org.imgate.archive.export;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The human-readable renderings of a conversation: its subject line, its plain-text transcript and its
 * HTML transcript (every archived value escaped). One line per message: time, sender, text, and the
 * verdict with its rules and journal seq, so a reviewer sees what policy did. Stateless.
 */
final class ConversationText {
    private ConversationText() {
    }

    /** The conversation id, or for records outside one the session, or the record itself. */
    static String idOf(ExportedMessage m) {
        if (m.conversation() != null) {
            return m.conversation();
        }
        if (m.session() != null) {
            return "session " + m.session();
        }
        return "seq " + m.seq();
    }

    static List<String> participants(List<ExportedMessage> conversation) {
        LinkedHashSet<String> all = new LinkedHashSet<>();
        conversation.forEach(m -> all.addAll(m.participants()));
        return List.copyOf(all);
    }

    static String subject(List<ExportedMessage> conversation) {
        ExportedMessage first = conversation.get(0);
        Instant end = conversation.get(conversation.size() - 1).time();
        return "IM conversation " + idOf(first) + " (" + first.network() + ", " + conversation.size()
                + (conversation.size() == 1 ? " message" : " messages") + ") " + first.time() + " to " + end;
    }

    static String plain(List<ExportedMessage> conversation) {
        StringBuilder b = new StringBuilder();
        ExportedMessage first = conversation.get(0);
        b.append("Conversation: ").append(idOf(first)).append('\n');
        b.append("Network: ").append(first.network()).append('\n');
        b.append("Participants: ").append(String.join(", ", participants(conversation))).append('\n');
        b.append("From ").append(first.time()).append(" to ")
                .append(conversation.get(conversation.size() - 1).time()).append("\n\n");
        for (ExportedMessage m : conversation) {
            b.append('[').append(m.time()).append("] ").append(sender(m)).append(": ").append(content(m))
                    .append('\n');
            b.append("    ").append(verdict(m)).append('\n');
        }
        return b.toString();
    }

    static String html(List<ExportedMessage> conversation) {
        StringBuilder b = new StringBuilder();
        ExportedMessage first = conversation.get(0);
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                .append(escape(subject(conversation))).append("</title></head><body>\n");
        b.append("<p>Conversation ").append(escape(idOf(first))).append(" on ").append(escape(first.network()))
                .append(" between ").append(escape(String.join(", ", participants(conversation)))).append("</p>\n");
        b.append("<table>\n<tr><th>time</th><th>from</th><th>message</th><th>action</th><th>seq</th></tr>\n");
        for (ExportedMessage m : conversation) {
            b.append("<tr><td>").append(escape(m.time().toString())).append("</td><td>").append(escape(sender(m)))
                    .append("</td><td>").append(escape(content(m))).append("</td><td>").append(escape(action(m)))
                    .append("</td><td>").append(m.seq()).append("</td></tr>\n");
        }
        return b.append("</table>\n</body></html>\n").toString();
    }

    private static String sender(ExportedMessage m) {
        return m.from() == null ? "(unknown sender)" : m.from();
    }

    /** The text as archived; file offers and other records say what they were. */
    static String content(ExportedMessage m) {
        if (m.body() != null) {
            return m.body();
        }
        if (m.fileName() != null) {
            return "(" + m.kind() + ": " + m.fileName() + ")";
        }
        return "(" + m.kind() + ")";
    }

    static String action(ExportedMessage m) {
        String rules = m.rules().isEmpty() ? "" : " rules " + String.join(",", m.rules());
        String notice = m.notice() == null ? "" : " notice \"" + m.notice() + "\"";
        return m.action() + rules + notice;
    }

    private static String verdict(ExportedMessage m) {
        return "action " + action(m) + "; seq " + m.seq();
    }

    /** HTML-escapes text for element content and attribute values. */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
