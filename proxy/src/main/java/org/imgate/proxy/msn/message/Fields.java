package org.imgate.proxy.msn.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An ordered block of {@code Name: value} lines, looked up case-insensitively (MSN clients disagree on
 * case: {@code Content-Type} vs {@code Content-type}). Used for MSG headers and for the field bodies of
 * invitations, client caps and datacasts. Immutable and thread-safe.
 */
public record Fields(List<Header> headers) {

    public static final Fields EMPTY = new Fields(List.of());

    public Fields {
        headers = List.copyOf(headers);
    }

    /** Parses lines separated by CRLF (or LF); lines without a colon and blank lines are skipped. */
    public static Fields parse(String text) {
        // A plain scan rather than split("\r?\n"), which compiles a regex for every message.
        List<Header> out = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int newline = text.indexOf('\n', from);
            int lineEnd = newline < 0 ? text.length() : newline;
            int colon = text.indexOf(':', from);
            if (colon > from && colon < lineEnd) {
                // strip() also drops the CR of a CRLF line ending
                out.add(new Header(text.substring(from, colon).strip(), text.substring(colon + 1, lineEnd).strip()));
            }
            from = lineEnd + 1;
        }
        return new Fields(out);
    }

    /** The first value of the named field. */
    public Optional<String> get(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return Optional.of(h.value());
            }
        }
        return Optional.empty();
    }

    /** The first value of the named field, or {@code null}. */
    public String value(String name) {
        return get(name).orElse(null);
    }
}
