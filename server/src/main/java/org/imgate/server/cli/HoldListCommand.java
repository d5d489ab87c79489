package org.imgate.server.cli;

import org.imgate.archive.LegalHold;
import org.imgate.server.ExitCode;
import org.imgate.server.admin.ArchiveWriter;
import org.imgate.server.config.ImgateConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Comparator;
import java.util.concurrent.Callable;

/** {@code imgate hold list}: the legal holds in force. */
@Command(name = "list", description = "List the legal holds in force.")
public final class HoldListCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    public HoldListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        ImgateConfig loaded = config.load(context);
        PrintWriter out = spec.commandLine().getOut();
        try (ArchiveWriter writer = context.backends().archiveWriter(loaded)) {
            var holds = writer.holds().values().stream().sorted(Comparator.comparing(LegalHold::id)).toList();
            if (holds.isEmpty()) {
                out.println("no legal holds in force");
            }
            for (LegalHold hold : holds) {
                out.printf("%s\t%s\t%s .. %s\tplaced by %s\t%s%n", hold.id(), hold.handle(), hold.from(), hold.until(),
                        hold.placedBy(), hold.reason());
            }
        }
        return ExitCode.OK;
    }
}
