package org.imgate.server.cli;

import org.imgate.server.Backends;
import org.imgate.server.ShutdownSignal;
import org.imgate.server.config.ConfigLoader;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What every verb is given instead of reaching for globals: the caller's working directory
 * (relative paths resolve against it), the configuration loader, the modules, and the signal
 * that stops {@code serve}. Immutable.
 */
public record CliContext(Path workingDir, ConfigLoader loader, Backends backends, ShutdownSignal shutdown) {
    public CliContext {
        Objects.requireNonNull(workingDir, "workingDir");
        Objects.requireNonNull(loader, "loader");
        Objects.requireNonNull(backends, "backends");
        Objects.requireNonNull(shutdown, "shutdown");
    }
}
