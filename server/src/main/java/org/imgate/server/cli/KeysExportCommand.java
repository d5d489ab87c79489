package org.imgate.server.cli;

import org.imgate.server.DataDirectory;
import org.imgate.server.ExitCode;
import org.imgate.server.config.ImgateConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code imgate keys export}: prints the archive signing public key (PEM) on stdout, so auditors
 * can verify checkpoints without access to this machine.
 *
 * <p>Not thread-safe: picocli fills its options; one instance serves one command line.
 */
@Command(name = "export", description = "Print the archive signing public key (PEM) on stdout.")
public final class KeysExportCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    public KeysExportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        ImgateConfig loaded = config.load(context);
        DataDirectory.requireExisting(loaded);
        String pem = context.backends().signingPublicKeyPem(loaded);
        PrintWriter out = spec.commandLine().getOut();
        out.print(pem.endsWith("\n") ? pem : pem + "\n");
        out.flush();
        return ExitCode.OK;
    }
}
