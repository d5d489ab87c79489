package org.imgate.proxy.tls;

/**
 * The enterprise CA could not be created, read or imported. The message names the file and what is
 * wrong with it, so an operator can act on it. Immutable once thrown.
 */
public final class CaException extends Exception {

    private static final long serialVersionUID = 1L;

    public CaException(String message) {
        super(message);
    }

    public CaException(String message, Throwable cause) {
        super(message, cause);
    }
}
