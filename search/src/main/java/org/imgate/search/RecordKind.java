package org.imgate.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Which kind of journal record a hit is; {@link #queryName()} is what {@code kind:} accepts. */
public enum RecordKind {
    MESSAGE,
    FILE_OFFER,
    ENCRYPTION,
    SESSION_OPENED,
    CLIENT_IDENTIFIED,
    LOGIN,
    SESSION_CLOSED,
    PRESENCE;

    /** The lower-case, dash-separated name used in queries and output ({@code file-offer}). */
    public String queryName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<RecordKind> fromQueryName(String name) {
        return Arrays.stream(values()).filter(k -> k.queryName().equalsIgnoreCase(name)).findFirst();
    }
}
