package org.imgate.server.cli;

import org.imgate.core.FailureMode;
import org.imgate.server.DataDirectory;
import org.imgate.server.ExitCode;
import org.imgate.server.Logging;
import org.imgate.server.ReferencedFiles;
import org.imgate.server.config.ImgateConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/**
 * {@code imgate serve}: prepares the data directory, starts the listeners, archive and policy
 * through {@link org.imgate.server.Backends}, and runs until SIGTERM/SIGINT, then closes them
 * before the process exits.
 *
 * <p>Not thread-safe: picocli fills its options; one instance serves one command line.
 */
@Command(name = "serve", description = "Run the proxy listeners, archive and policy until stopped (SIGTERM or Ctrl-C).")
public final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    private final CliContext context;

    @Mixin
    private ConfigOption config;

    public ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws Exception {
        Logging.useServeLevel();
        context.shutdown().markRunning();
        try {
            ImgateConfig loaded = config.load(context);
            ReferencedFiles.check(loaded, config.file());
            DataDirectory.prepare(loaded);
            if (loaded.archive().failureMode() == FailureMode.OPEN) {
                LOG.warn("archive.failure-mode is open: messages are delivered even when they cannot be archived");
            }
            LOG.info("starting node {} with {} (data in {}, search index in {})", loaded.nodeId(), config.file(),
                    loaded.dataDir(), loaded.indexDir());
            try (AutoCloseable running = context.backends().start(loaded)) {
                LOG.info("running until SIGTERM or Ctrl-C");
                context.shutdown().awaitRequest();
                LOG.info("stopping");
            }
            LOG.info("stopped");
            return ExitCode.OK;
        } finally {
            context.shutdown().markStopped();
        }
    }
}
