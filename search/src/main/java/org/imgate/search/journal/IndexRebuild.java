package org.imgate.search.journal;

import java.io.IOException;
import java.util.Objects;
import org.imgate.archive.Journal;
import org.imgate.archive.JournalReader;
import org.imgate.search.lucene.LuceneIndex;
import org.imgate.search.lucene.LuceneIndexConfig;

/**
 * Brings the index up to date with a journal this process holds open (so no server is writing either),
 * for the command-line verbs: {@link #rebuild} discards the index and replays the whole journal
 * ({@code imgate reindex}); {@link #openCurrent} opens the index, rebuilding it when missing, corrupt or
 * built differently, and indexes what it lacks, so a search never answers from a stale or damaged index.
 * Thread-safe: holds no state.
 */
public final class IndexRebuild {

    private IndexRebuild() {
    }

    /** An index and how it was brought up to date. */
    public record Result(LuceneIndex index, ReplayReport replay, OpenedIndex opened) {
    }

    /**
     * Discards the index at {@code config.directory()} and rebuilds it from every record of {@code journal}.
     *
     * @throws IOException when the index cannot be written (or is in use) or the journal cannot be read
     */
    public static Result rebuild(Journal journal, LuceneIndexConfig config, RecordDecoder decoder,
                                 ReplayProgress progress) throws IOException {
        Objects.requireNonNull(journal, "journal");
        LuceneIndex index = LuceneIndex.createEmpty(config);
        OpenedIndex opened = new OpenedIndex(index, new org.imgate.search.IndexHealth.Missing(config.directory()));
        return catchUp(journal, opened, decoder, progress);
    }

    /**
     * Opens the index, recreating it if it cannot be used, and indexes the journal records it lacks; the
     * returned index is refreshed, so searches see all of them.
     */
    public static Result openCurrent(Journal journal, LuceneIndexConfig config, RecordDecoder decoder,
                                     ReplayProgress progress) throws IOException {
        Objects.requireNonNull(journal, "journal");
        return catchUp(journal, OpenedIndex.openOrRecreate(config), decoder, progress);
    }

    private static Result catchUp(Journal journal, OpenedIndex opened, RecordDecoder decoder,
                                  ReplayProgress progress) throws IOException {
        LuceneIndex index = opened.index();
        try {
            long from = index.indexer().committedOffsets().getOrDefault(journal.settings().nodeId(), 0L) + 1;
            JournalReplay replay = new JournalReplay(JournalReader.open(journal.directory()), index.indexer(), decoder);
            ReplayReport report;
            // closing the replay refreshes the index, so searches see every replayed record
            try (LuceneIndex.Replay replaying = index.replaying()) {
                report = replay.replay(from, journal.lastSequence(), progress);
            }
            return new Result(index, report, opened);
        } catch (IOException | RuntimeException e) {
            try {
                index.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
