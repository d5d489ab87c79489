package org.imgate.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log level policy: CLI verbs are quiet (WARN, set in logback.xml) so their output is only
 * their answer; {@code serve} logs at INFO. {@code -Dimgate.log.level=LEVEL} (or
 * {@code IMGATE_LOG_LEVEL} through bin/imgate) overrides both.
 */
public final class Logging {
    static final String LEVEL_PROPERTY = "imgate.log.level";

    private Logging() {
    }

    /** Raises the root logger to INFO for serve unless the operator chose a level. */
    public static void useServeLevel() {
        if (System.getProperty(LEVEL_PROPERTY) == null
                && LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            root.setLevel(Level.INFO);
        }
    }
}
