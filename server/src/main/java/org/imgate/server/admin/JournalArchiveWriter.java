package org.imgate.server.admin;

import org.imgate.archive.AuditEntry;
import org.imgate.archive.Journal;
import org.imgate.archive.JournalException;
import org.imgate.archive.LegalHold;
import org.imgate.archive.LegalHoldRelease;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link ArchiveWriter} over a journal open in this process: the running server's (then closing it
 * is left to the server) or one the command opened itself while no server runs (then closing this
 * closes the journal). Thread-safe as the journal is.
 */
public final class JournalArchiveWriter implements ArchiveWriter {
    private static final Duration DURABLE_WITHIN = Duration.ofSeconds(30);

    private final Journal journal;
    private final boolean owned;

    private JournalArchiveWriter(Journal journal, boolean owned) {
        this.journal = journal;
        this.owned = owned;
    }

    /** Writes through a journal someone else owns and closes. */
    public static JournalArchiveWriter sharing(Journal journal) {
        return new JournalArchiveWriter(journal, false);
    }

    /** Writes through a journal this writer closes. */
    public static JournalArchiveWriter owning(Journal journal) {
        return new JournalArchiveWriter(journal, true);
    }

    @Override
    public long audit(AuditEntry entry) throws AdminException {
        return durable(journal.appendAudit(entry), "audit record '" + entry.action() + "'");
    }

    @Override
    public long placeHold(LegalHold hold) throws AdminException {
        if (journal.legalHolds().containsKey(hold.id())) {
            throw new AdminException("a legal hold with id '" + hold.id() + "' is already in force");
        }
        return durable(journal.placeLegalHold(hold), "legal hold '" + hold.id() + "'");
    }

    @Override
    public long releaseHold(LegalHoldRelease release) throws AdminException {
        CompletableFuture<Long> written;
        try {
            written = journal.releaseLegalHold(release);
        } catch (IllegalArgumentException unknown) {
            throw new AdminException(unknown.getMessage());
        }
        return durable(written, "release of legal hold '" + release.holdId() + "'");
    }

    @Override
    public Map<String, LegalHold> holds() {
        return journal.legalHolds();
    }

    private long durable(CompletableFuture<Long> written, String what) throws AdminException {
        try {
            return written.get(DURABLE_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AdminException("the journal could not record the " + what + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new AdminException("the " + what + " was not durable after " + DURABLE_WITHIN.toSeconds()
                    + " s; check the journal's disk", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminException("interrupted while writing the " + what, e);
        }
    }

    @Override
    public void close() throws AdminException {
        if (owned) {
            try {
                journal.close();
            } catch (JournalException e) {
                throw new AdminException(e.getMessage(), e);
            }
        }
    }
}
