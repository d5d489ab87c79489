package org.imgate.server.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.imgate.search.Hit;
import org.imgate.search.InvalidQueryException;
import org.imgate.search.SearchPage;
import org.imgate.search.SearchRequest;
import org.imgate.search.SortOrder;
import org.imgate.server.ExitCode;
import org.imgate.server.config.ImgateConfig;
import org.imgate.server.search.AuditedArchive;
import org.imgate.server.search.HitJson;
import org.imgate.server.search.HitText;
import org.imgate.server.search.JournalInUseException;
import org.imgate.server.search.ProgressDisplay;
import org.imgate.server.search.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code imgate search QUERY}: searches the archive of this node in imgate's query language
 * (search/README.md) and prints the hits, newest first by default. Each search is first written to the
 * journal as an audit record (who, when, the query, how many hits); no answer is shown unaudited, so
 * while a server holds the journal the command refuses (exit 2). A malformed query exits 2 with the
 * column of the problem. Results are fetched page by page, so any {@code --limit} fits in memory.
 *
 * <p>Not thread-safe: picocli fills its options; one instance serves one command line.
 */
@Command(name = "search", description = "Search the archive; every search is audited in the journal.")
public final class SearchCommand implements Callable<Integer> {
    /** Hits fetched per page: bounds memory whatever the limit. */
    static final int PAGE = 500;
    static final String BUSY = "searches must go through the running server, which writes their audit records"
            + " (the server's admin channel for that is not available yet), or run after stopping it";

    /** The orders {@code --sort} accepts. */
    enum Sort {
        time(SortOrder.NEWEST_FIRST), relevance(SortOrder.RELEVANCE);

        final SortOrder order;

        Sort(SortOrder order) {
            this.order = order;
        }
    }

    private final CliContext context;

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "QUERY", arity = "1..*",
            description = "The query, e.g. 'merger from:alice after:2003-09-01' (several words are joined with spaces).")
    private List<String> query;

    @Option(names = "--json", description = "Print one JSON object per hit per line.")
    private boolean json;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "Print at most N hits (default: ${DEFAULT-VALUE}).")
    private long limit;

    @Option(names = "--sort", paramLabel = "ORDER", defaultValue = "time",
            description = "time (newest first, the default) or relevance.")
    private Sort sort;

    @Option(names = "--facets", description = "Also print hit counts by participant, network and day.")
    private boolean facets;

    public SearchCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, was " + limit);
        }
        String text = String.join(" ", query);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ImgateConfig loaded = config.load(context);
        boolean terminal = Terminal.interactive();
        ProgressDisplay progress = new ProgressDisplay(err, terminal, "indexing the journal");
        try (AuditedArchive archive = AuditedArchive.open(loaded, BUSY, progress)) {
            progress.finish();
            warnIncomplete(archive, err);
            SearchRequest first = new SearchRequest(text, sort.order, (int) Math.min(limit, PAGE), null, facets);
            SearchPage page;
            try {
                page = archive.searcher().search(first);
            } catch (InvalidQueryException e) {
                archive.audit("search", details(text, "invalid query: " + e.getMessage()));
                err.println("imgate search: " + e.getMessage());
                err.println(e.caret());
                err.flush();
                return ExitCode.USAGE_OR_CONFIG;
            }
            String total = (page.totalIsExact() ? "" : ">=") + page.totalHits();
            archive.audit("search", details(text, total));
            long printed = print(archive, first, page, out, terminal);
            if (json) {
                if (facets && page.facets() != null) {
                    out.println(new HitJson().facetsLine(page.facets()));
                }
            } else {
                if (facets && page.facets() != null) {
                    new HitText(terminal).printFacets(page.facets(), out);
                }
                out.println();
                out.println(printed + " of " + (page.totalIsExact() ? "" : "at least ") + page.totalHits() + " hits"
                        + (printed < page.totalHits() ? " (--limit N shows more)" : ""));
            }
            out.flush();
            return ExitCode.OK;
        } catch (JournalInUseException e) {
            progress.finish();
            err.println("imgate search: " + e.getMessage());
            err.flush();
            return ExitCode.USAGE_OR_CONFIG;
        }
    }

    private long print(AuditedArchive archive, SearchRequest first, SearchPage page, PrintWriter out, boolean terminal)
            throws Exception {
        HitJson asJson = new HitJson();
        HitText asText = new HitText(terminal);
        long printed = 0;
        SearchPage current = page;
        while (true) {
            for (Hit hit : current.hits()) {
                if (printed >= limit) {
                    return printed;
                }
                if (json) {
                    out.println(asJson.line(hit));
                } else {
                    asText.print(hit, out);
                }
                printed++;
            }
            if (printed >= limit || current.next() == null) {
                return printed;
            }
            SearchRequest nextRequest = new SearchRequest(first.query(), first.sort(),
                    (int) Math.min(limit - printed, PAGE), current.next(), false);
            current = archive.searcher().search(nextRequest);
        }
    }

    private Map<String, String> details(String text, String hits) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("query", text);
        details.put("hits", hits);
        details.put("limit", Long.toString(limit));
        details.put("sort", sort.name());
        details.put("facets", Boolean.toString(facets));
        return details;
    }

    /** Warns, on standard error, of what the answers may lack: records not indexed, or not yet. */
    static void warnIncomplete(AuditedArchive archive, PrintWriter err) {
        archive.incompleteIndex().ifPresent(why -> err.println("warning: " + why));
        if (archive.unparseableRecords() > 0) {
            err.println("warning: " + archive.unparseableRecords() + " journal record(s) could not be indexed and are"
                    + " not searchable (their sequence numbers are in the log); run 'imgate verify'");
        }
    }
}
