package org.imgate.archive;

import org.imgate.core.Decision;
import org.imgate.core.ImEvent;
import org.imgate.core.Participant;

import java.time.Instant;
import java.util.Objects;

/**
 * A legal hold: decisions involving {@code handle} (as sender, recipient or the session's user) with
 * an event time in {@code [from, until)} must not be purged until the hold is released. Kept as a
 * LEGAL_HOLD record. Immutable.
 *
 * @param id       chosen by whoever places it; names it for release
 * @param placedBy who placed it (for the audit trail)
 */
public record LegalHold(String id, String handle, Instant from, Instant until, String reason, String placedBy) {
    public LegalHold {
        AuditEntry.requireText(id, "hold id");
        AuditEntry.requireText(handle, "handle");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        if (!until.isAfter(from)) {
            throw new IllegalArgumentException("legal hold " + id + ": until must be after from");
        }
        AuditEntry.requireText(reason, "reason");
        AuditEntry.requireText(placedBy, "placedBy");
    }

    /** Whether this hold covers the decision. */
    public boolean covers(Decision decision) {
        ImEvent e = decision.event();
        Instant t = e.timestamp();
        if (t.isBefore(from) || !t.isBefore(until)) {
            return false;
        }
        if (e instanceof ImEvent.Message m) {
            return involves(m.sender()) || m.recipients().stream().anyMatch(this::involves);
        }
        if (e instanceof ImEvent.FileOffer f) {
            return involves(f.sender()) || f.recipients().stream().anyMatch(this::involves);
        }
        if (e instanceof ImEvent.EncryptionDetected x) {
            return involves(x.sender()) || x.recipients().stream().anyMatch(this::involves);
        }
        if (e instanceof ImEvent.Login l) {
            return handle.equalsIgnoreCase(l.handle());
        }
        if (e instanceof ImEvent.ClientIdentified c) {
            return handle.equalsIgnoreCase(c.handle());
        }
        if (e instanceof ImEvent.SessionClosed c) {
            return handle.equalsIgnoreCase(c.handle());
        }
        if (e instanceof ImEvent.Presence p) {
            return handle.equalsIgnoreCase(p.handle());
        }
        return false;
    }

    private boolean involves(Participant p) {
        return handle.equalsIgnoreCase(p.handle());
    }
}
