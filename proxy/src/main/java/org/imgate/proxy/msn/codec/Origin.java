package org.imgate.proxy.msn.codec;

/**
 * Which end of an MSNP connection sent a command. MSNP framing depends on it: the same verb carries a
 * payload in one direction and not in the other ({@code UUX 6 68} from a client is followed by 68 bytes,
 * {@code UUX 6 0} from the server by none).
 */
public enum Origin {
    /** Sent by the client towards the server. */
    CLIENT,
    /** Sent by the server towards the client. */
    SERVER
}
