package org.imgate.server.cli;

import org.imgate.core.FailureMode;
import org.imgate.core.HostPort;
import org.imgate.server.DataDirectory;
import org.imgate.server.ExitCode;
import org.imgate.server.ReferencedFiles;
import org.imgate.server.config.ImgateConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code imgate config check}: loads the configuration and the policy file it names, and prints
 * what a node started with them would use. Any mistake ends the run with exit code 2 and the
 * {@code file:line: key.path: problem} message.
 *
 * <p>Not thread-safe: picocli fills its options; one instance serves one command line.
 */
@Command(name = "check", description = "Validate the configuration and the policy file it names.")
public final class ConfigCheckCommand implements Callable<Integer> {
    private final CliContext context;

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    public ConfigCheckCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        ImgateConfig loaded = config.load(context);
        String dataDir = DataDirectory.describe(loaded);
        ReferencedFiles.check(loaded, config.file());
        String policy = context.backends().checkPolicy(loaded.policy().file());
        PrintWriter out = spec.commandLine().getOut();
        out.println("configuration OK: " + config.file());
        out.println("  node id:   " + loaded.nodeId());
        out.println("  data dir:  " + dataDir);
        if (!loaded.indexDir().equals(ImgateConfig.defaultIndexDir(loaded.dataDir()))) {
            out.println("  index:     " + loaded.indexDir() + " (search.index-dir)");
        }
        out.println("  archive:   failure-mode " + loaded.archive().failureMode().name().toLowerCase(java.util.Locale.ROOT)
                + ", retention " + loaded.archive().retention());
        if (loaded.archive().failureMode() == FailureMode.OPEN) {
            out.println("  warning:   archive.failure-mode is open: messages are delivered even when they cannot be archived");
        }
        out.println("  xmpp:      listen " + loaded.xmpp().listen() + ", upstreams " + upstreams(loaded.xmpp().upstreams()));
        if (loaded.msn().upstream() == null) {
            out.println("  msn:       off (no msn.upstream)");
        } else {
            out.println("  msn:       listen " + loaded.msn().listen() + ", upstream " + loaded.msn().upstream()
                    + ", advertise-host " + loaded.msn().advertiseHost());
        }
        out.println("  policy:    " + loaded.policy().file() + ": " + policy);
        if (!loaded.xmpp().upstreamTrust().isEmpty()) {
            out.println("  trust:     " + loaded.xmpp().upstreamTrust().size() + " extra upstream trust file(s)");
        }
        out.flush();
        return ExitCode.OK;
    }

    private static String upstreams(Map<String, HostPort> upstreams) {
        if (upstreams.isEmpty()) {
            return "none";
        }
        return new TreeMap<>(upstreams).entrySet().stream()
                .map(e -> e.getKey() + " -> " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
