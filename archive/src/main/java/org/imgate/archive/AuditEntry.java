package org.imgate.archive;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something a reviewer or administrator did (searched, exported, placed a hold), kept in the journal
 * as an AUDIT record so that the archive also records who looked at it. Never put secrets in
 * {@code details}. Immutable.
 */
public record AuditEntry(String actor, String action, Map<String, String> details, Instant time) {
    public AuditEntry {
        requireText(actor, "actor");
        requireText(action, "action");
        details = Map.copyOf(details == null ? Map.of() : details);
        Objects.requireNonNull(time, "time");
    }

    static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
