package org.imgate.proxy.msn.gateway;

/**
 * A gateway request imgate cannot serve, with the HTTP status to answer it with. The message names
 * what is wrong and never holds a session id or body bytes.
 */
public final class GatewayRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    public GatewayRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status to answer with (400, 404, 405, 411, 413, 431). */
    public int status() {
        return status;
    }

    public GatewayResponse response() {
        return GatewayResponse.error(status);
    }
}
