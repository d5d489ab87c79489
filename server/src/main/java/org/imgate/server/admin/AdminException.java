package org.imgate.server.admin;

/**
 * A journal write an operator asked for did not happen: the reason names what to do (start or stop
 * the server, fix a permission, release an unknown hold id). Nothing was recorded.
 */
public final class AdminException extends Exception {
    private static final long serialVersionUID = 1L;

    public AdminException(String message) {
        super(message);
    }

    public AdminException(String message, Throwable cause) {
        super(message, cause);
    }
}
