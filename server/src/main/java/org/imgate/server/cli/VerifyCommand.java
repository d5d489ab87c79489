package org.imgate.server.cli;

import org.imgate.server.DataDirectory;
import org.imgate.server.ExitCode;
import org.imgate.server.JournalReport;
import org.imgate.server.config.ImgateConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code imgate verify}: checks the whole journal (hash chain, signatures, gaps). Exit 0 when
 * intact, 1 with one line per problem when not.
 *
 * <p>Not thread-safe: picocli fills its options; one instance serves one command line.
 */
@Command(name = "verify", description = "Check the whole journal: hash chain, signatures, gaps.")
public final class VerifyCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    private ConfigOption config;

    @Option(names = "--public-key", paramLabel = "FILE",
            description = "The trusted archive public key (PEM), e.g. a copy kept off this machine."
                    + " Default: the one under data-dir/keys.")
    private Path publicKey;

    @Spec
    private CommandSpec spec;

    public VerifyCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        ImgateConfig loaded = config.load(context);
        DataDirectory.requireExisting(loaded);
        JournalReport report = context.backends().verifyJournal(loaded, publicKey);
        PrintWriter out = spec.commandLine().getOut();
        for (String problem : report.problems()) {
            out.println("PROBLEM: " + problem);
        }
        out.println((report.intact() ? "journal OK: " : "journal DAMAGED: ") + report.summary());
        out.flush();
        return report.intact() ? ExitCode.OK : ExitCode.PROBLEM_FOUND;
    }
}
