package org.imgate.server.cli;

import org.imgate.archive.LegalHoldRelease;
import org.imgate.server.ExitCode;
import org.imgate.server.admin.ArchiveWriter;
import org.imgate.server.config.ImgateConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code imgate hold release ID}: ends a legal hold; the release is itself a journal record. */
@Command(name = "release", description = "Release a legal hold; its records fall back to their retention.")
public final class HoldReleaseCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "The hold's id, as given when it was placed.")
    private String id;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why the hold ends.")
    private String reason;

    public HoldReleaseCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        ImgateConfig loaded = config.load(context);
        try (ArchiveWriter writer = context.backends().archiveWriter(loaded)) {
            long seq = writer.releaseHold(new LegalHoldRelease(id, OperatorName.current(), reason));
            spec.commandLine().getOut().printf("legal hold %s released (journal seq %d)%n", id, seq);
        }
        return ExitCode.OK;
    }
}
