package org.imgate.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code imgate hold}: legal holds, which keep records from being purged whatever their retention. */
@Command(name = "hold", description = "Place, list and release legal holds (they stop retention purges).",
        synopsisSubcommandLabel = "place | list | release")
public final class HoldCommand {
    @Mixin
    private HelpOption help;
}
