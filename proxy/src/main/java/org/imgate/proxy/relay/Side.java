package org.imgate.proxy.relay;

/** Which leg of a relayed connection an event came from. Immutable. */
public enum Side {
    /** The user's client, connected to imgate's listener. */
    CLIENT,
    /** The real server, which imgate connected to on the client's behalf. */
    UPSTREAM
}
