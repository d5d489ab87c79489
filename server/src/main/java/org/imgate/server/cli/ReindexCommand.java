package org.imgate.server.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.imgate.archive.AuditEntry;
import org.imgate.archive.Journal;
import org.imgate.search.journal.IndexRebuild;
import org.imgate.search.journal.RecordDecoder;
import org.imgate.search.journal.ReplayReport;
import org.imgate.server.ExitCode;
import org.imgate.server.config.ImgateConfig;
import org.imgate.server.search.AuditedArchive;
import org.imgate.server.search.JournalInUseException;
import org.imgate.server.search.ProgressDisplay;
import org.imgate.server.search.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code imgate reindex}: discards the search index and rebuilds it from the whole journal, with a
 * progress bar on stderr (a line per tenth when stderr is not a terminal). Needs the journal to itself:
 * with a server running it refuses (exit 2); the server rebuilds a damaged index at start on its own.
 * Exits 1 when some journal records could not be indexed (their sequence numbers are logged).
 *
 * <p>Not thread-safe: picocli fills its options; one instance serves one command line.
 */
@Command(name = "reindex", description = "Rebuild the search index from the journal (stop serve first).")
public final class ReindexCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    public ReindexCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ImgateConfig loaded = config.load(context);
        ProgressDisplay progress = new ProgressDisplay(err, Terminal.interactive(), "reindex");
        Journal journal;
        try {
            journal = AuditedArchive.openJournal(loaded,
                    "stop it first ('imgate serve' keeps its index current and rebuilds a damaged one at start)");
        } catch (JournalInUseException e) {
            err.println("imgate reindex: " + e.getMessage());
            err.flush();
            return ExitCode.USAGE_OR_CONFIG;
        }
        try (Journal j = journal) {
            RecordDecoder decoder = new RecordDecoder();
            ReplayReport report;
            try {
                IndexRebuild.Result result = IndexRebuild.rebuild(j, AuditedArchive.indexConfig(loaded), decoder,
                        progress);
                try (var index = result.index()) {
                    report = result.replay();
                }
            } finally {
                progress.finish();
            }
            j.appendAudit(new AuditEntry(AuditedArchive.actor(), "reindex", Map.of("records", Long.toString(report.records()),
                    "unparseable", Long.toString(report.unparseable())), java.time.Instant.now())).get(30, java.util.concurrent.TimeUnit.SECONDS);
            out.println("reindexed " + report.describe());
            if (report.unparseable() > 0) {
                err.println("imgate reindex: " + report.unparseable() + " journal record(s) could not be indexed and"
                        + " are not searchable; their sequence numbers are in the log; run 'imgate verify'");
                err.flush();
                out.flush();
                return ExitCode.PROBLEM_FOUND;
            }
            out.flush();
            return ExitCode.OK;
        }
    }

}
