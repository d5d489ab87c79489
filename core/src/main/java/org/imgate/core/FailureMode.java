package org.imgate.core;

/**
 * What happens to a message when the archive cannot make its decision durable
 * ({@code archive.failure-mode}).
 */
public enum FailureMode {
    /** Nothing is delivered unarchived: an archive failure blocks the message with a notice. */
    CLOSED,
    /** Deliver anyway and log loudly; for sites that prefer availability over completeness. */
    OPEN
}
