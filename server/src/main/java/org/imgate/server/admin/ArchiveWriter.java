package org.imgate.server.admin;

import org.imgate.archive.AuditEntry;
import org.imgate.archive.LegalHold;
import org.imgate.archive.LegalHoldRelease;

import java.util.Map;

/**
 * The journal writes an operator's command makes: audit records and legal holds. Each call returns
 * only once the record is durable, with its sequence number. Whether the journal is open in this
 * process or held by a running server is the implementation's business, so every verb audits the
 * same way in both cases.
 *
 * <p>{@code actor}/{@code placedBy}/{@code releasedBy} given by the caller are replaced by the
 * identity the server observes where it can observe one (the peer of the admin socket).
 */
public interface ArchiveWriter extends AutoCloseable {

    long audit(AuditEntry entry) throws AdminException;

    long placeHold(LegalHold hold) throws AdminException;

    long releaseHold(LegalHoldRelease release) throws AdminException;

    /** The legal holds in force, by id. */
    Map<String, LegalHold> holds() throws AdminException;

    @Override
    void close() throws AdminException;
}
