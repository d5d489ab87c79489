package org.imgate.server.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.imgate.search.Hit;
import org.imgate.search.SearchPage;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code imgate conversation ID}: prints every archived record of one conversation, oldest first, page
 * by page. Audited like a search (action {@code conversation}); refuses with exit 2 while a server holds
 * the journal. Exits 1 when the archive holds no record of that conversation.
 *
 * <p>Not thread-safe: picocli fills its options; one instance serves one command line.
 */
@Command(name = "conversation", description = "Print a whole conversation in order; audited in the journal.")
public final class ConversationCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "The conversation id, as search output shows it.")
    private String id;

    @Option(names = "--json", description = "Print one JSON object per record per line.")
    private boolean json;

    public ConversationCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ImgateConfig loaded = config.load(context);
        boolean terminal = Terminal.interactive();
        ProgressDisplay progress = new ProgressDisplay(err, terminal, "indexing the journal");
        try (AuditedArchive archive = AuditedArchive.open(loaded,
                "conversations must be read through the running server, which writes their audit records"
                        + " (the server's admin channel for that is not available yet), or after stopping it",
                progress)) {
            progress.finish();
            SearchCommand.warnIncomplete(archive, err);
            SearchPage page = archive.searcher().conversation(id, null, SearchCommand.PAGE);
            String total = (page.totalIsExact() ? "" : ">=") + page.totalHits();
            archive.audit("conversation", Map.of("conversation", id, "hits", total));
            if (page.hits().isEmpty()) {
                err.println("imgate conversation: the archive holds no record of conversation '" + id + "'");
                err.flush();
                return ExitCode.PROBLEM_FOUND;
            }
            HitJson asJson = new HitJson();
            HitText asText = new HitText(terminal);
            while (true) {
                for (Hit hit : page.hits()) {
                    out.println(json ? asJson.line(hit) : render(asText, hit));
                }
                if (page.next() == null) {
                    break;
                }
                page = archive.searcher().conversation(id, page.next(), SearchCommand.PAGE);
            }
            out.flush();
            return ExitCode.OK;
        } catch (JournalInUseException e) {
            progress.finish();
            err.println("imgate conversation: " + e.getMessage());
            err.flush();
            return ExitCode.USAGE_OR_CONFIG;
        }
    }

    private static String render(HitText text, Hit hit) {
        java.io.StringWriter s = new java.io.StringWriter();
        PrintWriter w = new PrintWriter(s);
        text.print(hit, w);
        w.flush();
        return s.toString().stripTrailing();
    }
}
