package org.imgate.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code imgate config}: groups the configuration verbs; alone it is a usage error. */
@Command(name = "config", description = "Configuration verbs.")
public final class ConfigCommand {
    @Mixin
    private HelpOption help;
}
