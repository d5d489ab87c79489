package org.imgate.search;

import java.util.List;
import java.util.Objects;

/**
 * A passage of a message body with the parts that matched the query marked, so that each front end
 * can render the marks its own way (bold on a terminal, {@code <mark>} on the console). Immutable and thread-safe.
 *
 * @param text       the passage, verbatim
 * @param highlights the matching ranges within {@code text}, in order, not overlapping
 */
public record Snippet(String text, List<Span> highlights) {

    public Snippet {
        Objects.requireNonNull(text, "text");
        highlights = List.copyOf(highlights);
        for (Span span : highlights) {
            if (span.end() > text.length()) {
                throw new IllegalArgumentException("highlight " + span + " lies outside the snippet");
            }
        }
    }

    /** A range {@code [start, end)} of the snippet's text. */
    public record Span(int start, int end) {
        public Span {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
            }
        }
    }

    /** The text with every highlight wrapped in {@code open} and {@code close}. */
    public String render(String open, String close) {
        StringBuilder out = new StringBuilder(text.length() + highlights.size() * (open.length() + close.length()));
        int at = 0;
        for (Span span : highlights) {
            out.append(text, at, span.start()).append(open).append(text, span.start(), span.end()).append(close);
            at = span.end();
        }
        return out.append(text, at, text.length()).toString();
    }
}
