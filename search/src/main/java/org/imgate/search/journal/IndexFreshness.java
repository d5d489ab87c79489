package org.imgate.search.journal;

/**
 * How far a committed index reaches into the journal, as {@link SearchService#commitCurrent} found it.
 *
 * @param indexedThrough the last journal record the commit covers
 * @param journalThrough the journal's last record when the commit was asked for
 */
public record IndexFreshness(long indexedThrough, long journalThrough) {

    /** Whether the commit holds every record that was archived when it was asked for. */
    public boolean current() {
        return indexedThrough >= journalThrough;
    }

    /** How many records archived before the request the commit does not cover. */
    public long missing() {
        return Math.max(0, journalThrough - indexedThrough);
    }
}
