package org.imgate.proxy.msn.gateway;

/** The server a gateway session speaks to, the {@code Server=} of {@code Action=open} (msnp.md §1 "HTTP gateway"). */
public enum GatewayServer {
    /** A dispatch or notification server. */
    NS,
    /** A switchboard. */
    SB
}
