package org.imgate.proxy.msn.codec;

/**
 * The peer broke MSNP framing (garbage, an oversized line or payload, a payload length that lies).
 * The connection it came from cannot be parsed any further and must be closed; other sessions are not
 * affected. The message names the problem and the offending verb but never repeats payload bytes,
 * which may hold credentials.
 */
public final class MsnProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    public MsnProtocolException(String message) {
        super(message);
    }
}
