package org.imgate.server.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.imgate.archive.JournalSettings;
import org.imgate.archive.export.ArchiveExport;
import org.imgate.archive.export.ExportCheckpoint;
import org.imgate.archive.export.ExportCoverage;
import org.imgate.archive.export.ExportException;
import org.imgate.archive.export.ExportFormat;
import org.imgate.archive.export.ExportManifest;
import org.imgate.archive.export.ExportResult;
import org.imgate.archive.export.ExportedFile;
import org.imgate.archive.export.ExportedMessage;
import org.imgate.core.Participant;
import org.imgate.search.Hit;
import org.imgate.search.InvalidQueryException;
import org.imgate.search.SearchRequest;
import org.imgate.search.SortOrder;
import org.imgate.search.journal.IndexFreshness;
import org.imgate.server.ExitCode;
import org.imgate.server.config.ImgateConfig;
import org.imgate.server.search.AuditedArchive;
import org.imgate.server.search.JournalInUseException;
import org.imgate.server.search.ProgressDisplay;
import org.imgate.server.search.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code imgate export QUERY --format eml|mbox|cpim|json --out DIR}: writes the query's hits for
 * eDiscovery (docs/adr/0007-export-format.md) with a {@code manifest.json} of SHA-256s and provenance,
 * prints the manifest's own hash, and audits the export (action {@code export}: query, format, hits,
 * out dir, manifest hash) before reporting it. Streams: the first pass over the hits keeps only each
 * conversation's seq range; the second reads one conversation's hits at a time, oldest first. A
 * malformed query or a non-empty {@code --out} exits 2. Works with or without a running server.
 *
 * <p>Not thread-safe: picocli fills its options; one instance serves one command line.
 */
@Command(name = "export", description = "Export the hits of a query for eDiscovery, with a manifest of hashes;"
        + " every export is audited in the journal.")
public final class ExportCommand implements Callable<Integer> {
    /** Hits fetched per page, and records per write for formats that do not group by conversation. */
    static final int PAGE = 500;
    static final String BUSY = "exports must go through the running server, which writes their audit records,"
            + " or run after stopping it";

    /** The formats {@code --format} accepts. */
    enum Format {
        eml(ExportFormat.EML), mbox(ExportFormat.MBOX), cpim(ExportFormat.CPIM), json(ExportFormat.JSON);

        final ExportFormat format;

        Format(ExportFormat format) {
            this.format = format;
        }
    }

    private final CliContext context;

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "QUERY", arity = "1..*",
            description = "The query, as for 'imgate search' (several words are joined with spaces).")
    private List<String> query;

    @Option(names = "--format", paramLabel = "FORMAT", required = true,
            description = "eml (one message per conversation), mbox (all in one mboxrd file), cpim (one"
                    + " Message/CPIM file per message) or json (one object per message per line).")
    private Format format;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "A new or empty directory for the export; a non-empty one is refused.")
    private Path out;

    public ExportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        String text = String.join(" ", query);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ImgateConfig loaded = config.load(context);
        Path dir = out.isAbsolute() ? out : context.workingDir().resolve(out);
        ProgressDisplay progress = new ProgressDisplay(err, Terminal.interactive(), "indexing the journal");
        try (AuditedArchive archive = AuditedArchive.open(loaded, BUSY, progress)) {
            progress.finish();
            SearchCommand.warnIncomplete(archive, err);
            try {
                archive.searcher().search(SearchRequest.of(text, 1));
            } catch (InvalidQueryException e) {
                archive.audit("export", details(text, dir, "invalid query: " + e.getMessage(), null));
                err.println("imgate export: " + e.getMessage());
                err.println(e.caret());
                err.flush();
                return ExitCode.USAGE_OR_CONFIG;
            }
            ExportResult result;
            try {
                result = export(archive, loaded, text, dir);
            } catch (ExportException e) {
                err.println("imgate export: " + e.getMessage());
                err.flush();
                return ExitCode.USAGE_OR_CONFIG;
            }
            ExportManifest m = result.manifest();
            try {
                archive.audit("export", details(text, dir, Long.toString(m.messages()), result.manifestHash()));
            } catch (Exception e) {
                removeUnaudited(result);
                throw e;
            }
            stdout.println("exported " + m.messages() + " record(s) in " + m.conversations() + " conversation(s) as "
                    + format + " to " + dir + " (" + m.files().size() + " file(s)"
                    + (m.messages() == 0 ? "" : ", seq " + m.seqFirst() + " to " + m.seqLast()) + ")");
            stdout.println("manifest " + dir.resolve(ExportManifest.FILE_NAME) + " sha256 " + result.manifestHash());
            if (m.checkpoint() == null) {
                stdout.println("note: the journal has no signed checkpoint yet; the manifest names none");
            }
            if (!m.coverage().complete()) {
                stdout.println("note: the search index reached journal record " + m.coverage().indexedThrough()
                        + " of " + m.coverage().journalThrough() + "; matching records archived after it are not in"
                        + " this export (the manifest says \"complete\": false); export again once the server's"
                        + " index has caught up");
            }
            stdout.flush();
            return ExitCode.OK;
        } catch (JournalInUseException e) {
            progress.finish();
            err.println("imgate export: " + e.getMessage());
            err.flush();
            return ExitCode.USAGE_OR_CONFIG;
        }
    }

    private ExportResult export(AuditedArchive archive, ImgateConfig loaded, String text, Path dir) throws Exception {
        Path journalDir = new JournalSettings(loaded.dataDir(), loaded.nodeId(), loaded.archive(), null, null)
                .journalDir();
        // read first: the checkpoint then vouches for a chain that holds every record exported
        Optional<ExportCheckpoint> checkpoint = ExportCheckpoint.newest(journalDir);
        try (ArchiveExport export = ArchiveExport.start(dir, format.format, loaded.nodeId())) {
            if (format.format.groupsByConversation()) {
                writeByConversation(archive, text, export);
            } else {
                writeOldestFirst(archive, text, export);
            }
            IndexFreshness coverage = archive.coverage();
            return export.finish(text, toolVersion(), checkpoint,
                    ExportCoverage.of(coverage.indexedThrough(), coverage.journalThrough()), Clock.systemUTC());
        }
    }

    /** CPIM and JSON need no grouping: every hit oldest first, in batches. */
    private static void writeOldestFirst(AuditedArchive archive, String text, ArchiveExport export) throws Exception {
        List<ExportedMessage> batch = new ArrayList<>(PAGE);
        IOException[] failure = new IOException[1];
        archive.searcher().forEach(new SearchRequest(text, SortOrder.OLDEST_FIRST, PAGE, null, false), hit -> {
            if (failure[0] != null) {
                return;
            }
            batch.add(exported(hit));
            if (batch.size() == PAGE) {
                failure[0] = writeBatch(export, batch);
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        if (!batch.isEmpty()) {
            export.write(batch);
        }
    }

    private static IOException writeBatch(ArchiveExport export, List<ExportedMessage> batch) {
        try {
            export.write(List.copyOf(batch));
            batch.clear();
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    /**
     * EML and mbox: a first pass keeps each conversation's seq range (memory per conversation, not per
     * hit); then each conversation's hits are read again within that range, oldest first, and written.
     */
    private static void writeByConversation(AuditedArchive archive, String text, ArchiveExport export)
            throws Exception {
        Map<String, long[]> ranges = new LinkedHashMap<>();
        archive.searcher().forEach(new SearchRequest(text, SortOrder.OLDEST_FIRST, PAGE, null, false), hit -> {
            long[] range = ranges.computeIfAbsent(groupOf(hit), k -> new long[] {hit.seq(), hit.seq()});
            range[0] = Math.min(range[0], hit.seq());
            range[1] = Math.max(range[1], hit.seq());
        });
        List<Map.Entry<String, long[]>> ordered = new ArrayList<>(ranges.entrySet());
        ordered.sort(Comparator.comparingLong(e -> e.getValue()[0]));
        for (Map.Entry<String, long[]> group : ordered) {
            List<ExportedMessage> conversation = new ArrayList<>();
            String within = "(" + text + ") seq:[" + group.getValue()[0] + " TO " + group.getValue()[1] + "]";
            archive.searcher().forEach(new SearchRequest(within, SortOrder.OLDEST_FIRST, PAGE, null, false), hit -> {
                if (groupOf(hit).equals(group.getKey())) {
                    conversation.add(exported(hit));
                }
            });
            if (!conversation.isEmpty()) {
                export.write(conversation);
            }
        }
    }

    /** A conversation; records outside one (session records) are grouped by their session, else alone. */
    static String groupOf(Hit hit) {
        if (hit.conversation() != null) {
            return "c:" + hit.conversation();
        }
        if (hit.session() != null) {
            return "s:" + hit.session();
        }
        return "r:" + hit.seq();
    }

    static ExportedMessage exported(Hit hit) {
        return new ExportedMessage(hit.nodeId(), hit.seq(), hit.time(), hit.kind().queryName(),
                hit.network().name().toLowerCase(Locale.ROOT), hit.session(), hit.conversation(),
                hit.from() == null ? null : hit.from().handle(), hit.from() == null ? null : hit.from().employee(),
                hit.to().stream().map(Participant::handle).toList(),
                hit.direction() == null ? null : hit.direction().name().toLowerCase(Locale.ROOT), hit.body(),
                hit.fileName(), hit.encryption(), hit.action(), hit.notice(), hit.rules(), hit.policyVersion(),
                hit.clientFamily(), hit.clientVersion());
    }

    /** An export whose audit record could not be written must not stay behind as if it had been audited. */
    private static void removeUnaudited(ExportResult result) {
        for (ExportedFile f : result.manifest().files()) {
            deleteQuietly(result.dir().resolve(f.name()));
        }
        deleteQuietly(result.dir().resolve(ExportManifest.FILE_NAME));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the audit failure is the error the operator must see; it propagates from the caller
        }
    }

    private Map<String, String> details(String text, Path dir, String hits, String manifestHash) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("query", text);
        details.put("format", format.name());
        details.put("hits", hits);
        details.put("out", dir.toString());
        if (manifestHash != null) {
            details.put("manifestSha256", manifestHash);
        }
        return details;
    }

    private static String toolVersion() {
        String version = ExportCommand.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }
}
