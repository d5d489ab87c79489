package org.imgate.server.cli;

import org.imgate.server.ExitCode;
import org.imgate.server.config.ImgateConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code imgate ca export}: prints the CA certificate (PEM), the file desktops must trust. */
@Command(name = "export", description = "Print the enterprise CA certificate (PEM) for distribution to desktops.")
public final class CaExportCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    public CaExportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        ImgateConfig loaded = config.load(context);
        String pem = context.backends().caCertificatePem(loaded);
        PrintWriter out = spec.commandLine().getOut();
        out.print(pem.endsWith("\n") ? pem : pem + "\n");
        out.flush();
        return ExitCode.OK;
    }
}
