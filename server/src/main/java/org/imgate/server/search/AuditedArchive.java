package org.imgate.server.search;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.imgate.archive.ArchiveKeys;
import org.imgate.archive.AuditEntry;
import org.imgate.archive.Journal;
import org.imgate.archive.JournalException;
import org.imgate.archive.JournalSettings;
import org.imgate.search.ArchiveSearcher;
import org.imgate.search.IndexUnusableException;
import org.imgate.search.lucene.ReadOnlyLuceneIndex;
import org.imgate.server.admin.AdminClient;
import org.imgate.server.admin.AdminException;
import org.imgate.server.admin.ArchiveWriter;
import org.imgate.server.admin.JournalArchiveWriter;
import org.imgate.search.journal.IndexFreshness;
import org.imgate.search.journal.IndexRebuild;
import org.imgate.search.journal.RecordDecoder;
import org.imgate.search.journal.ReplayProgress;
import org.imgate.search.journal.ReplayReport;
import org.imgate.search.lucene.LuceneIndex;
import org.imgate.search.lucene.LuceneIndexConfig;
import org.imgate.server.ConfigurationException;
import org.imgate.server.DataDirectory;
import org.imgate.server.config.ImgateConfig;

/**
 * The archive as a command-line verb uses it when no server runs: the node's journal, opened by this
 * process so that it can write audit records, and the search index brought up to date from it (rebuilt
 * when missing or damaged, so a search never answers "no results" from a broken index). Every read a
 * reviewer makes is audited through {@link #audit} before its answer is shown.
 *
 * <p>Not thread-safe: one command uses it. Close it to commit the index and release the journal.
 */
public final class AuditedArchive implements AutoCloseable {
    private final ArchiveWriter writer;
    private final ArchiveSearcher searcher;
    private final AutoCloseable index;
    private final ReplayReport caughtUp;
    private final RecordDecoder decoder;
    private final Clock clock;
    /** How far the index reached into the journal when it was opened (beside a server: as far as its commit). */
    private final IndexFreshness freshness;

    private AuditedArchive(ArchiveWriter writer, ArchiveSearcher searcher, AutoCloseable index, ReplayReport caughtUp,
                           RecordDecoder decoder, Clock clock, IndexFreshness freshness) {
        this.freshness = freshness;
        this.writer = writer;
        this.searcher = searcher;
        this.index = index;
        this.caughtUp = caughtUp;
        this.decoder = decoder;
        this.clock = clock;
    }

    /**
     * Opens the journal of {@code config.nodeId()} and brings the index up to date, reporting replay
     * progress (a rebuild can take a while).
     *
     * @param busyAdvice what to tell the operator when a running server holds the journal
     * @throws ConfigurationException when the data directory or the node's journal does not exist
     * @throws JournalInUseException  when a running server holds the journal
     * @throws IOException            when the journal or the index cannot be read or written
     */
    public static AuditedArchive open(ImgateConfig config, String busyAdvice, ReplayProgress progress)
            throws ConfigurationException, JournalInUseException, IOException {
        Optional<AdminClient> server = AdminClient.connectIfRunning(config.dataDir());
        if (server.isPresent()) {
            return overRunningServer(config, server.get());
        }
        Journal journal = openJournal(config, busyAdvice);
        try {
            RecordDecoder decoder = new RecordDecoder();
            IndexRebuild.Result result = IndexRebuild.openCurrent(journal, indexConfig(config), decoder, progress);
            // this process owns the journal and has just indexed it to its end: the index covers all of it
            long last = journal.lastSequence();
            return new AuditedArchive(JournalArchiveWriter.owning(journal), result.index().searcher(), result.index(),
                    result.replay(), decoder, Clock.systemUTC(), new IndexFreshness(last, last));
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(journal, e);
            throw e;
        }
    }

    /**
     * While a server runs, it owns the journal and keeps the index current: read the index beside it
     * and send the audit record through its admin channel (its single journal writer).
     */
    private static AuditedArchive overRunningServer(ImgateConfig config, AdminClient server) throws IOException {
        // the server commits on its own only every 10 s (ADR 0013): ask it for a commit that holds everything
        // archived until now, so that the answer is as current as the archive
        IndexFreshness freshness;
        try {
            freshness = server.commitIndex();
        } catch (AdminException e) {
            throw new IOException("the running server could not bring its search index up to date: " + e.getMessage(), e);
        }
        ReadOnlyLuceneIndex index;
        try {
            index = ReadOnlyLuceneIndex.open(indexConfig(config));
        } catch (IndexUnusableException e) {
            throw new IOException("the running server's index at " + config.indexDir() + " cannot be read yet ("
                    + e.getMessage() + "); it rebuilds a missing or damaged index at start, see its log", e);
        }
        return new AuditedArchive(server, index.searcher(), index, new ReplayReport(1, 0, 0, 0, 0, java.time.Duration.ZERO), new RecordDecoder(),
                Clock.systemUTC(), freshness);
    }

    /**
     * Opens the node's journal for writing, as the only writer.
     *
     * @param busyAdvice what to tell the operator when a running server holds the journal
     * @throws ConfigurationException when the data directory or the node's journal does not exist
     * @throws JournalInUseException  when a running server holds it
     */
    public static Journal openJournal(ImgateConfig config, String busyAdvice)
            throws ConfigurationException, JournalInUseException, JournalException {
        DataDirectory.requireExisting(config);
        JournalSettings settings = settings(config);
        Path dir = settings.journalDir();
        if (!Files.isDirectory(dir)) {
            throw new ConfigurationException("no journal for node '" + config.nodeId() + "' at " + dir
                    + " (is data-dir right, is node-id right, and has 'imgate serve' run on this node?)");
        }
        try {
            return Journal.open(settings);
        } catch (JournalException e) {
            // JournalLock's only refusal when the lock is held; other failures (damage, keys) pass on as they are
            if (e.getMessage() != null && e.getMessage().contains("in use by another")) {
                throw new JournalInUseException(dir, busyAdvice, e);
            }
            throw e;
        }
    }

    /** The index under {@code data-dir/index}. */
    public static LuceneIndexConfig indexConfig(ImgateConfig config) {
        return LuceneIndexConfig.defaults(config.indexDir());
    }

    private static JournalSettings settings(ImgateConfig config) {
        return new JournalSettings(config.dataDir(), config.nodeId(), config.archive(), null,
                ArchiveKeys.passphraseFromEnvironment());
    }

    public ArchiveSearcher searcher() {
        return searcher;
    }

    /** What bringing the index up to date did (empty when it was current). */
    public ReplayReport caughtUp() {
        return caughtUp;
    }

    /**
     * Why the answers may lack the newest records, if they may: the running server's index was still
     * being rebuilt (or fell behind) and its commit did not reach the journal's last record.
     */
    public Optional<String> incompleteIndex() {
        if (freshness.current()) {
            return Optional.empty();
        }
        return Optional.of("the running server's search index reaches journal record " + freshness.indexedThrough()
                + " of " + freshness.journalThrough() + " (it is still being rebuilt or has fallen behind; see its"
                + " log): the newest " + freshness.missing() + " record(s) are not in these results yet");
    }

    /** How far the index the answers come from reached into the journal when this archive was opened. */
    public IndexFreshness coverage() {
        return freshness;
    }

    /** DECISION records that could not be decoded while bringing the index up to date. */
    public long unparseableRecords() {
        return decoder.unparseable();
    }

    /**
     * Writes an audit record and waits until it is durable: only then may the answer be shown.
     *
     * @throws AdminException when the record could not be written
     */
    public long audit(String action, Map<String, String> details) throws AdminException {
        return writer.audit(new AuditEntry(actor(), action, details, clock.instant()));
    }

    /** Who is searching: the operating-system user running the command. */
    public static String actor() {
        String user = System.getProperty("user.name");
        return user == null || user.isBlank() ? "unknown-os-user" : user;
    }

    @Override
    public void close() throws Exception {
        try (ArchiveWriter w = writer; AutoCloseable i = index) {
            // the index first, then the journal: reverse order of opening
        }
    }

    private static void closeAfterFailure(Journal journal, Exception e) {
        try {
            journal.close();
        } catch (JournalException suppressed) {
            e.addSuppressed(suppressed);
        }
    }
}
