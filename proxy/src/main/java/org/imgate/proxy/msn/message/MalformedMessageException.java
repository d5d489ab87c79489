package org.imgate.proxy.msn.message;

/**
 * An {@code MSG} payload (or a part inside it: a P2P header, an MSNSLP request, a file context) that
 * does not have the shape the protocol prescribes. The message names what is wrong but never repeats
 * the payload.
 */
public final class MalformedMessageException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }
}
