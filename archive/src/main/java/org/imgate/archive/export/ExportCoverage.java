package org.imgate.archive.export;

/**
 * How much of the journal the search behind an export could see, as the manifest records it: the hits
 * come from a search index that had taken the journal's records through {@code indexedThrough}, while
 * the journal held records through {@code journalThrough}. When the first is lower (an export taken
 * beside a server still rebuilding its index), records archived after it that match the query are not
 * in the export, and {@code complete} says so to whoever reads the manifest later. Immutable.
 *
 * @param indexedThrough the last journal sequence number the index had taken
 * @param journalThrough the journal's last sequence number when the export began
 * @param complete       whether the index reached the journal's end ({@code indexedThrough >= journalThrough})
 */
public record ExportCoverage(long indexedThrough, long journalThrough, boolean complete) {

    public ExportCoverage {
        if (indexedThrough < 0 || journalThrough < 0) {
            throw new IllegalArgumentException("sequence numbers are never negative");
        }
        if (complete != (indexedThrough >= journalThrough)) {
            throw new IllegalArgumentException("complete must say whether the index reached the journal's end");
        }
    }

    /** The coverage of an index that had taken records through {@code indexedThrough} of {@code journalThrough}. */
    public static ExportCoverage of(long indexedThrough, long journalThrough) {
        return new ExportCoverage(indexedThrough, journalThrough, indexedThrough >= journalThrough);
    }
}
