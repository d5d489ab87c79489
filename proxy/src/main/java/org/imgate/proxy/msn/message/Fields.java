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
        List<Header> out = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            out.add(new Header(line.substring(0, colon).strip(), line.substring(colon + 1).strip()));
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
