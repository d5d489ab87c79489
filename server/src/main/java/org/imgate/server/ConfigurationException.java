package org.imgate.server;

/**
 * The configuration is well-formed but does not fit this machine (a data directory that is a file,
 * not writable, missing where it must exist). The message names the path and the key to change;
 * the command line exits with {@link ExitCode#USAGE_OR_CONFIG}.
 */
public final class ConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
