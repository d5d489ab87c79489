package org.imgate.server.cli;

import org.imgate.policy.yaml.YamlException;
import org.imgate.server.config.ImgateConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --config FILE} and {@code --help} options every verb takes (a picocli mixin). */
public final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE", defaultValue = "conf/imgate.yaml",
            description = "The configuration file; relative to the current directory (default: ${DEFAULT-VALUE}).")
    private Path file;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    /** The file as the operator wrote it, for messages. */
    public Path file() {
        return file;
    }

    public ImgateConfig load(CliContext context) throws YamlException {
        return context.loader().load(file, context.workingDir());
    }
}
