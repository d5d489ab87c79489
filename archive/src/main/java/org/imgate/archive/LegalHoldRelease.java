package org.imgate.archive;

/** The end of a legal hold, kept as a LEGAL_HOLD_RELEASE record. Immutable. */
public record LegalHoldRelease(String holdId, String releasedBy, String reason) {
    public LegalHoldRelease {
        AuditEntry.requireText(holdId, "hold id");
        AuditEntry.requireText(releasedBy, "releasedBy");
        AuditEntry.requireText(reason, "reason");
    }
}
