package org.imgate.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code imgate keys}: groups the key verbs; alone it is a usage error. */
@Command(name = "keys", description = "Archive key verbs.")
public final class KeysCommand {
    @Mixin
    private HelpOption help;
}
