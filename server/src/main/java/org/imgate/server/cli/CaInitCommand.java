package org.imgate.server.cli;

import org.imgate.server.DataDirectory;
import org.imgate.server.ExitCode;
import org.imgate.server.config.ImgateConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code imgate ca init}: creates the enterprise CA (EC P-256) under {@code data/keys/}. */
@Command(name = "init", description = "Create the enterprise CA under data-dir/keys (refuses to replace one).")
public final class CaInitCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The CA's name as desktops show it. Default: imgate IM proxy CA (NODE-ID).")
    private String name;

    public CaInitCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        ImgateConfig loaded = config.load(context);
        DataDirectory.prepare(loaded);
        String commonName = name != null ? name : "imgate IM proxy CA (" + loaded.nodeId() + ")";
        String created = context.backends().caInit(loaded, commonName);
        spec.commandLine().getOut().println("created " + created);
        spec.commandLine().getOut().println("distribute its certificate to desktops: imgate ca export > imgate-ca.pem");
        return ExitCode.OK;
    }
}
