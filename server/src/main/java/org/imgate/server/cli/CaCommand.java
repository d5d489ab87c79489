package org.imgate.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code imgate ca}: the enterprise CA whose certificates imgate presents to intercepted XMPP clients. */
@Command(name = "ca", description = "The enterprise CA used to intercept XMPP TLS.",
        synopsisSubcommandLabel = "init | import | export")
public final class CaCommand {
    @Mixin
    private HelpOption help;
}
