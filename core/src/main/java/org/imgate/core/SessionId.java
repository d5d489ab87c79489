package org.imgate.core;

/**
 * Identifies one client connection through imgate, from open to close. Unique per node; the archive
 * pairs it with the node id.
 */
public record SessionId(String value) {
    public SessionId {
        Checks.notBlank(value, "session id");
    }

    @Override
    public String toString() {
        return value;
    }
}
