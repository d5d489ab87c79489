package org.imgate.server.cli;

import picocli.CommandLine.Option;

/** {@code --help} for the command groups ({@code imgate}, {@code config}, {@code keys}), which take no configuration. */
public final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;
}
