package org.imgate.server;

import org.imgate.policy.yaml.YamlBinder;
import org.imgate.archive.JournalException;
import org.imgate.proxy.tls.CaException;
import org.imgate.server.admin.AdminException;
import org.imgate.policy.yaml.YamlException;
import org.imgate.server.cli.CaCommand;
import org.imgate.server.cli.CaExportCommand;
import org.imgate.server.cli.CaImportCommand;
import org.imgate.server.cli.CaInitCommand;
import org.imgate.server.cli.CliContext;
import org.imgate.server.cli.ConfigCheckCommand;
import org.imgate.server.cli.ConfigCommand;
import org.imgate.server.cli.ConversationCommand;
import org.imgate.server.cli.HelpOption;
import org.imgate.server.cli.HoldCommand;
import org.imgate.server.cli.HoldListCommand;
import org.imgate.server.cli.HoldPlaceCommand;
import org.imgate.server.cli.HoldReleaseCommand;
import org.imgate.server.cli.KeysCommand;
import org.imgate.server.cli.KeysExportCommand;
import org.imgate.server.cli.ReindexCommand;
import org.imgate.server.cli.ExportCommand;
import org.imgate.server.cli.SearchCommand;
import org.imgate.server.cli.ServeCommand;
import org.imgate.server.cli.VerifyCommand;
import org.imgate.server.config.ConfigLoader;
import org.imgate.server.config.HostName;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code imgate} command line: builds the verbs and maps every outcome to the exit codes of
 * the contract (see {@link ExitCode}): usage mistakes and configuration errors print one line (and
 * a pointer to {@code --help}) on stderr and exit 2; checks that find a problem exit 1.
 *
 * <p>One instance runs one command line; not meant to be shared between threads.
 */
@Command(name = "imgate", description = "Enterprise instant-messaging compliance proxy.",
        synopsisSubcommandLabel = "VERB")
public final class ImgateCli {
    /** How long the shutdown hook lets serve close the archive before the JVM exits regardless. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(30);

    private final CliContext context;

    @Mixin
    private HelpOption help;

    public ImgateCli(CliContext context) {
        this.context = context;
    }

    public static void main(String[] args) {
        YamlBinder yaml = new YamlBinder();
        ShutdownSignal shutdown = ShutdownSignal.onJvmShutdown(SHUTDOWN_GRACE);
        CliContext context = new CliContext(Path.of("").toAbsolutePath(),
                new ConfigLoader(yaml, HostName::local), new Wiring(yaml), shutdown);
        int code = new ImgateCli(context).execute(args,
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        if (!shutdown.requested()) {
            // After a signal the JVM is already exiting, and System.exit would wait for the hook forever.
            System.exit(code);
        }
    }

    /** Runs one command line, writing answers to {@code out} and errors to {@code err}; returns the exit code. */
    public int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(this)
                .addSubcommand("serve", new ServeCommand(context))
                .addSubcommand(new CommandLine(new ConfigCommand())
                        .addSubcommand("check", new ConfigCheckCommand(context)))
                .addSubcommand("verify", new VerifyCommand(context))
                .addSubcommand(new CommandLine(new KeysCommand())
                        .addSubcommand("export", new KeysExportCommand(context)))
                .addSubcommand(new CommandLine(new CaCommand())
                        .addSubcommand("init", new CaInitCommand(context))
                        .addSubcommand("import", new CaImportCommand(context))
                        .addSubcommand("export", new CaExportCommand(context)))
                .addSubcommand(new CommandLine(new HoldCommand())
                        .addSubcommand("place", new HoldPlaceCommand(context))
                        .addSubcommand("list", new HoldListCommand(context))
                        .addSubcommand("release", new HoldReleaseCommand(context)))
                .addSubcommand("search", new SearchCommand(context))
                .addSubcommand("export", new ExportCommand(context))
                .addSubcommand("conversation", new ConversationCommand(context))
                .addSubcommand("reindex", new ReindexCommand(context));
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(ImgateCli::usageError);
        cli.setExecutionExceptionHandler(ImgateCli::failure);
        cli.setExitCodeExceptionMapper(e -> ExitCode.INTERNAL);
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        String name = command.getCommandSpec().qualifiedName();
        if (e instanceof UnmatchedArgumentException unmatched && isUnknownVerb(unmatched, command)) {
            err.println(name + ": unknown verb '" + unmatched.getUnmatched().get(0) + "'");
            if (!unmatched.getSuggestions().isEmpty()) {
                err.println("Did you mean: " + unmatched.getSuggestions().get(0) + "?");
            }
        } else {
            err.println(name + ": " + e.getMessage());
        }
        err.println("Try '" + name + " --help'.");
        err.flush();
        return ExitCode.USAGE_OR_CONFIG;
    }

    private static boolean isUnknownVerb(UnmatchedArgumentException e, CommandLine command) {
        return !command.getSubcommands().isEmpty() && !e.getUnmatched().isEmpty()
                && !e.getUnmatched().get(0).startsWith("-");
    }

    private static int failure(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        String verb = command.getCommandSpec().qualifiedName();
        int code;
        if (e instanceof YamlException || e instanceof ConfigurationException) {
            // Exactly "file:line: key.path: problem", so editors and CI can jump to the line.
            err.println(e.getMessage());
            code = ExitCode.USAGE_OR_CONFIG;
        } else if (e instanceof JournalException || e instanceof AdminException || e instanceof CaException) {
            // The journal or its keys cannot be used as they are (locked by a running server, a wrong
            // passphrase, damage found on open): the message names the file; the operator must act.
            err.println(verb + ": " + e.getMessage());
            code = ExitCode.USAGE_OR_CONFIG;
        } else {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            err.println(verb + ": internal error: " + e);
            err.print(trace);
            code = ExitCode.INTERNAL;
        }
        err.flush();
        return code;
    }
}
