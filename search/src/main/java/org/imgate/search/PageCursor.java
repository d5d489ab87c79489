package org.imgate.search;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * Where a page of hits ended: the sort values of its last hit. Because it names a position in the
 * order rather than an offset, the next page is found without re-reading the earlier ones, and
 * records indexed in between do not shift it. {@link #token()} is a compact text form for callers that
 * hand cursors to users or over HTTP. Immutable and thread-safe.
 *
 * @param sort     the order the cursor belongs to
 * @param timeMs   the last hit's time in epoch milliseconds
 * @param score    the last hit's relevance score ({@code 0} unless sorted by relevance)
 * @param recordId the last hit's record id ({@code node/seq}), the tie-breaker between equal times
 */
public record PageCursor(SortOrder sort, long timeMs, float score, String recordId) {

    private static final String PREFIX = "c1.";

    public PageCursor {
        Objects.requireNonNull(sort, "sort");
        Objects.requireNonNull(recordId, "record id");
    }

    public String token() {
        String plain = sort.name() + '|' + timeMs + '|' + Float.floatToIntBits(score) + '|' + recordId;
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a cursor from its {@link #token()} form.
     *
     * @throws IllegalArgumentException if the text is not a cursor
     */
    public static PageCursor parse(String token) {
        Objects.requireNonNull(token, "cursor");
        if (!token.startsWith(PREFIX)) {
            throw new IllegalArgumentException("'" + token + "' is not a page cursor");
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(token.substring(PREFIX.length())),
                    StandardCharsets.UTF_8);
            String[] parts = plain.split("\\|", 4);
            if (parts.length != 4) {
                throw new IllegalArgumentException("'" + token + "' is not a page cursor");
            }
            return new PageCursor(SortOrder.valueOf(parts[0]), Long.parseLong(parts[1]),
                    Float.intBitsToFloat(Integer.parseInt(parts[2])), parts[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + token + "' is not a page cursor", e);
        }
    }
}
